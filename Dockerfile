# Builds the newsgraph binary in a Go image and runs it from a small one.
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/newsgraph ./cmd/newsgraph

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/newsgraph /usr/local/bin/newsgraph
COPY examples /examples
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/newsgraph"]
CMD ["serve", "--addr", "0.0.0.0:8080", "--load", "/examples/articles"]

# scripts/lib/node.sh - sourced by the scripts that run Node.js programs
# needing Node.js 20 or later (scripts/bench, scripts/browser-test).
#
# node20 DIR prints the node to run: the node on PATH when it is 20 or later;
# else Node.js 20 from npm (the node package), installed into DIR/node20 the
# first time (Debian's and Ubuntu's packages are Node.js 18). Needs node and
# npm on PATH; returns non-zero when neither way gives a Node.js 20.

node20() {
	local dir=${1:?node20: DIR is needed} major node
	major=$(node -p 'process.versions.node.split(".")[0]') || return 1
	if ((major >= 20)); then
		printf 'node\n'
		return 0
	fi
	node=$dir/node20/node_modules/.bin/node
	if [[ ! -x $node ]]; then
		printf '%s\n' "node $(node --version) is older than 20: installing Node.js 20 (npm install node@20 into $dir/node20)" >&2
		npm install --prefix "$dir/node20" --no-audit --no-fund --loglevel=error node@20 >&2 || return 1
	fi
	[[ -x $node ]] || return 1
	printf '%s\n' "$node"
}

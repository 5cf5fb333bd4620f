#!/usr/bin/env bash
# Writes a synthetic federation zone and a dnsperf query file for the DNS benchmark:
#
#   generate-zone.sh --services=N --origin=ubernetes.local. --out=DIR
#
# DIR/zone.db     an RFC 1035 master file, laid out like cross-cluster-dns's ZoneBuilder: for each
#                 service a global name with the addresses of all its shards, then a name per
#                 region, zone and cluster of the fleet with the addresses of the shards there or,
#                 where it has none, a CNAME one level up; an _http._tcp SRV (or CNAME) at each level
# DIR/queries.txt dnsperf input ("name TYPE" per line), a fixed-seed mix of global and local A
#                 queries (the local ones often answered through CNAME chains), SRV, AAAA (no data)
#                 and names that do not exist
#
# It is one step of run-dns-benchmark.sh so that it can be swapped for a generator that writes the
# same zone for both servers from the project's own code: any command taking these three options
# and writing these two files will do (it may write more files into DIR for the server under test).
set -euo pipefail

services=500
origin=ubernetes.local.
out=
federation=fed
queries=100000
for arg in "$@"; do
  case "$arg" in
    --services=*) services="${arg#*=}" ;;
    --origin=*) origin="${arg#*=}" ;;
    --out=*) out="${arg#*=}" ;;
    --federation=*) federation="${arg#*=}" ;;
    --queries=*) queries="${arg#*=}" ;;
    *) echo "unknown option: $arg" >&2; exit 2 ;;
  esac
done
if [ -z "$out" ]; then
  echo "usage: $0 --services=N --origin=NAME. --out=DIR [--federation=fed] [--queries=100000]" >&2
  exit 2
fi
case "$origin" in *.) ;; *) origin="$origin." ;; esac
mkdir -p "$out"

# mawk is Debian's default awk, so this sticks to POSIX awk (no gawk extensions).
awk -v services="$services" -v origin="$origin" -v fed="$federation" -v nq="$queries" \
    -v zonefile="$out/zone.db" -v queryfile="$out/queries.txt" -v recordsfile="$out/records.json" '
function emit(name, ttl, type, data) {
  printf "%s %d IN %s %s\n", name, ttl, type, data > zonefile
  records++
}
# One level of a service: its addresses, or a CNAME to the level above (global has none).
function level(name, ttl, addrs, n, fallback,   k) {
  if (n > 0) {
    for (k = 1; k <= n; k++) emit(name, ttl, "A", addrs[k])
    emit("_http._tcp." name, ttl, "SRV", "0 0 8080 " name)
  } else {
    emit(name, LOCAL, "CNAME", fallback)
    emit("_http._tcp." name, LOCAL, "CNAME", "_http._tcp." fallback)
  }
  names += 2
}
BEGIN {
  WIDE = 30; LOCAL = 5; NEGATIVE = 5
  # The fleet: 3 regions of 2 zones of 2 clusters.
  nregions = split("us-east-1 eu-west-1 ap-south-1", region, " ")
  nclusters = 0
  for (r = 1; r <= nregions; r++)
    for (z = 1; z <= 2; z++)
      for (c = 1; c <= 2; c++) {
        nclusters++
        creg[nclusters] = r
        czone[nclusters] = region[r] substr("ab", z, 1)
        cname[nclusters] = czone[nclusters] "-c" c
        zreg[czone[nclusters]] = r
      }

  # The same fleet as a records document, for cross-cluster-dns --records-file.
  domain = substr(origin, 1, length(origin) - 1)
  printf "{\"version\":1,\"zone\":{\"domain\":\"%s\",\"federation\":\"%s\",", domain, fed > recordsfile
  printf "\"ttls\":{\"local\":%d,\"wide\":%d,\"negative\":%d},", 5, 30, 5 > recordsfile
  printf "\"nameServers\":[{\"name\":\"ns.%s\",\"addresses\":[\"127.0.0.1\"]}]},\"locations\":[", domain > recordsfile
  for (cl = 1; cl <= nclusters; cl++)
    printf "%s{\"cluster\":\"%s\",\"zone\":\"%s\",\"region\":\"%s\"}", (cl > 1 ? "," : ""), cname[cl], czone[cl], region[creg[cl]] > recordsfile
  printf "],\"services\":[" > recordsfile
  printf "$ORIGIN %s\n$TTL %d\n", origin, WIDE > zonefile
  emit("@", WIDE, "SOA", "ns." origin " hostmaster." origin " 1 3600 600 86400 " NEGATIVE)
  emit("@", WIDE, "NS", "ns." origin)
  emit("ns", WIDE, "A", "127.0.0.1")

  for (i = 0; i < services; i++) {
    svcname = "svc-" i ".ns-" (i % 20) "." fed ".svc"
    # 2 or 3 shards on distinct clusters (5 is prime to 12), one address each.
    nshards = 2 + i % 2
    split("", incluster)
    for (k = 0; k < nshards; k++) {
      cl = (i * 7 + k * 5) % nclusters + 1
      incluster[cl] = sprintf("10.%d.%d.%d", cl, int(i / 256) % 256, i % 256)
    }
    printf "%s{\"namespace\":\"ns-%d\",\"name\":\"svc-%d\",\"ports\":[{\"name\":\"http\",\"port\":8080,\"protocol\":\"TCP\"}],\"shards\":[", (i > 0 ? "," : ""), i % 20, i > recordsfile
    sep = ""
    for (cl = 1; cl <= nclusters; cl++) if (cl in incluster) {
      printf "%s{\"cluster\":\"%s\",\"addresses\":[\"%s\"],\"healthy\":true}", sep, cname[cl], incluster[cl] > recordsfile
      sep = ","
    }
    printf "]}" > recordsfile
    global = svcname "." origin
    n = 0
    for (cl = 1; cl <= nclusters; cl++) if (cl in incluster) all[++n] = incluster[cl]
    level(global, WIDE, all, n, "")
    for (r = 1; r <= nregions; r++) {
      rname = svcname "." region[r] "." origin
      n = 0
      for (cl = 1; cl <= nclusters; cl++) if (creg[cl] == r && cl in incluster) a[++n] = incluster[cl]
      level(rname, WIDE, a, n, global)
      for (z = 1; z <= 2; z++) {
        zn = region[r] substr("ab", z, 1)
        zname = svcname "." zn "." region[r] "." origin
        n = 0
        for (cl = 1; cl <= nclusters; cl++) if (czone[cl] == zn && cl in incluster) a[++n] = incluster[cl]
        level(zname, LOCAL, a, n, rname)
        for (cl = 1; cl <= nclusters; cl++) {
          if (czone[cl] != zn) continue
          n = 0
          if (cl in incluster) a[++n] = incluster[cl]
          level(svcname "." cname[cl] "." zn "." region[r] "." origin, LOCAL, a, n, zname)
        }
      }
    }
  }

  # Queries: 35% global A, 30% region/zone/cluster A, 20% SRV at any level, 5% AAAA (no data),
  # 10% NXDOMAIN (a service number past the last one).
  printf "]}\n" > recordsfile
  srand(42)
  for (q = 0; q < nq; q++) {
    i = int(rand() * services)
    svcname = "svc-" i ".ns-" (i % 20) "." fed ".svc"
    cl = int(rand() * nclusters) + 1
    lv = int(rand() * 3)
    if (lv == 0) loc = region[creg[cl]]
    else if (lv == 1) loc = czone[cl] "." region[creg[cl]]
    else loc = cname[cl] "." czone[cl] "." region[creg[cl]]
    p = rand()
    if (p < 0.35) { print svcname "." origin " A" > queryfile; kind["A global"]++ }
    else if (p < 0.65) { print svcname "." loc "." origin " A" > queryfile; kind["A local"]++ }
    else if (p < 0.85) {
      if (rand() < 0.5) print "_http._tcp." svcname "." origin " SRV" > queryfile
      else print "_http._tcp." svcname "." loc "." origin " SRV" > queryfile
      kind["SRV"]++
    }
    else if (p < 0.90) { print svcname "." origin " AAAA" > queryfile; kind["AAAA"]++ }
    else {
      j = services + i
      print "svc-" j ".ns-" (j % 20) "." fed ".svc." origin " A" > queryfile
      kind["NXDOMAIN"]++
    }
  }
  printf "%d services: %d records on %d names; %d queries (", services, records, names + 2, nq > "/dev/stderr"
  sep = ""
  split("A global,A local,SRV,AAAA,NXDOMAIN", order, ",")
  for (k = 1; k <= 5; k++) { printf "%s%s %d", sep, order[k], kind[order[k]] > "/dev/stderr"; sep = ", " }
  print ")" > "/dev/stderr"
}'

-- GETs FederatedWorkloads by name, at random among the names listed, one per line, in NAMES_FILE,
-- under the Kubernetes path of NAMESPACE, with TOKEN as the bearer token.
function init(args)
  names = {}
  for line in io.lines(os.getenv("NAMES_FILE")) do
    table.insert(names, line)
  end
  base = "/apis/ubernetes.io/v1/namespaces/" .. os.getenv("NAMESPACE") .. "/federatedworkloads/"
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
  math.randomseed(os.time() + (tonumber(tostring({}):sub(8), 16) or 0))
end

function request()
  return wrk.format("GET", base .. names[math.random(#names)])
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    "RESULT requests=%d duration_us=%d p50_us=%d p99_us=%d p999_us=%d status_errors=%d socket_errors=%d\n",
    summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99), latency:percentile(99.9),
    errors.status, errors.connect + errors.read + errors.write + errors.timeout))
end

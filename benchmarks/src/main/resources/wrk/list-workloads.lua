-- GETs the same list page over and over: LIST_PATH (with its query, e.g. ?limit=500), with ACCEPT
-- as the Accept header when set (a Table, as kubectl asks), and TOKEN as the bearer token.
function init(args)
  path = os.getenv("LIST_PATH")
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
  local accept = os.getenv("ACCEPT")
  if accept ~= nil and accept ~= "" then
    wrk.headers["Accept"] = accept
  end
end

function request()
  return wrk.format("GET", path)
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    "RESULT requests=%d duration_us=%d p50_us=%d p99_us=%d p999_us=%d status_errors=%d socket_errors=%d\n",
    summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99), latency:percentile(99.9),
    errors.status, errors.connect + errors.read + errors.write + errors.timeout))
end

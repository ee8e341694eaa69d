-- wrk script of the HTTP pass: every connection sends DEPTH identical requests back to back (default 1) and waits
-- for their answers. The request is fixed (35 bytes) so that bench/run.sh can count requests from received bytes.
--   wrk -t1 -c100 -d5s -s bench/http-pipeline.lua http://127.0.0.1:PORT/ -- 16
local batch
init = function(args)
    local depth = tonumber(args[1]) or 1
    local one = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n"
    batch = string.rep(one, depth)
end
request = function()
    return batch
end

using Kiwi.Examples;
using Kiwi.Examples.Http;

// HttpHello [-p PORT] [-t LOOPS] [--host ADDRESS] [--exit-after SECONDS]: a minimal HTTP/1.1 server that answers
// every request with "Hello, World!", keeping the connection alive (HTTP/1.1's default) unless asked to close.
return ExampleServer.Run(args, "HttpHello", defaultPort: 8000, server => server.Callbacks.Message = HelloHandler.OnMessage);

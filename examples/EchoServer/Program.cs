using Kiwi.Examples;

// EchoServer [-p PORT] [-t LOOPS] [--host ADDRESS] [--exit-after SECONDS]: sends every byte back, like Kiwi's echo
// example. -t 0 serves on the base loop alone; -t N deals connections round-robin to N I/O loops.
return ExampleServer.Run(args, "EchoServer", defaultPort: 2007, server =>
    server.Callbacks.Message = static (connection, buffer, _) => connection.Send(buffer));

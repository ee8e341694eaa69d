using System;
using System.IO;
using System.Net;
using System.Threading;
using Kiwi.Examples;
using Kiwi.Examples.SendFile;
using Kiwi.Net;

// SendFile -f PATH [-p PORT] [--host ADDRESS] [--exit-after SECONDS]
// A TCP server that sends every client the whole of one file with sendfile(2): the bytes go from the page cache to
// the socket inside the kernel, never through this process's memory. Then it closes the connection.
if (!ExampleOptions.TryParse(args, defaultPort: 23335, out ExampleOptions? options, "-f"))
{
    return 2;
}
string path = options.Extra("-f", "");
if (!File.Exists(path))
{
    Console.Error.WriteLine($"-f names the file to serve; '{path}' does not exist");
    return 2;
}

using LinuxSocket listener = ExampleListener.OpenNonBlocking(options, backlog: 64);
FileServer server = new(listener, path);
server.Run(options.StopToken());
Console.WriteLine($"served {server.Clients} clients");
return 0;

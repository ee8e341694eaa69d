using Kiwi.Examples;
using Kiwi.Examples.Chat;

// ChatServer [-p PORT] [-t LOOPS] [--host ADDRESS] [--exit-after SECONDS]: every message (a 4-byte network-order
// length, then the bytes) is sent to every connected client.
var room = new ChatRoom();
return ExampleServer.Run(args, "ChatServer", defaultPort: 9981, room.Attach);

using System;
using System.Net;
using Kiwi.Examples;
using Kiwi.Examples.Multicast;
using Kiwi.Net;

// Multicast [-g GROUP] [-c COUNT] [-p PORT] [--exit-after SECONDS]
// A multicast receiver and sender on the loopback interface, in one process: the receiver joins GROUP (an IPv4
// group, 239.255.0.1 by default) on lo by interface index, the sender sends COUNT datagrams to GROUP:PORT through lo,
// and the receiver prints each one it gets. Exit code 0 when every datagram arrived.
if (!ExampleOptions.TryParse(args, defaultPort: 0, out ExampleOptions? options, "-g", "-c"))
{
    return 2;
}
if (!IPAddress.TryParse(options.Extra("-g", "239.255.0.1"), out IPAddress? group) || !int.TryParse(options.Extra("-c", "3"), out int count) || count < 1)
{
    Console.Error.WriteLine("-g takes a multicast address, -c a count ≥ 1");
    return 2;
}

int loopback = NetworkInterfaceIndex.Of("lo");
using GroupReceiver receiver = GroupReceiver.Join(group, options.Port, loopback);
using GroupSender sender = GroupSender.Open(group, receiver.Port, loopback);
Console.WriteLine($"joined {group} on lo (index {loopback}), port {receiver.Port}");
int received = 0;
for (int i = 1; i <= count; i++)
{
    sender.Send($"datagram {i} of {count}");
    if (receiver.TryReceive(TimeSpan.FromSeconds(2), out string? text, out EndPoint? from))
    {
        Console.WriteLine($"received '{text}' from {from}");
        received++;
    }
    else
    {
        Console.WriteLine($"datagram {i} did not arrive");
    }
}
Console.WriteLine($"{received} of {count} datagrams received");
return received == count ? 0 : 1;

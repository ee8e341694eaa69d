using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using Kiwi.Interop;
using Kiwi.Net;
using Kiwi.Net.Multiplexing;

// PlatformCheck: epoll_wait through Kiwi.Net returns the tokens that were registered, on whatever architecture runs it
// (./build.sh cross-test linux-arm64 runs it under qemu-aarch64). Two descriptors are ready at once, so the second
// event is read at the platform's stride (12 bytes packed on x86_64, 16 on aarch64): a wrong layout reads a wrong token.
// Exits 0 when both tokens and their events come back, 1 otherwise; the first call refuses a foreign Kiwi.Interop.
const ulong FirstToken = 0x1122334455667788;
const ulong SecondToken = 0x99AABBCCDDEEFF00;

int epollEventSize;
unsafe
{
    epollEventSize = sizeof(epoll_event); // the loaded Kiwi.Interop's layout, read at run time (not a constant)
}
Console.WriteLine($"[check] process {RuntimeInformation.RuntimeIdentifier} ({RuntimeInformation.ProcessArchitecture}), " +
    $"sizeof(epoll_event) = {epollEventSize} in the loaded Kiwi.Interop");
using EpollHandle epoll = EpollHandle.Create();
using EventFdHandle first = EventFdHandle.Create(nonBlocking: true);
using EventFdHandle second = EventFdHandle.Create(nonBlocking: true);
epoll.Add(first, EpollEvents.In, FirstToken);
epoll.Add(second, EpollEvents.In, SecondToken);
first.TryAdd(1);
second.TryAdd(1);

Span<EpollEvent> events = stackalloc EpollEvent[4];
int count = epoll.Wait(events, 5000);
var seen = new HashSet<ulong>();
for (int i = 0; i < count; i++)
{
    Console.WriteLine($"[check] event {i}: token 0x{events[i].Token:X16}, events {events[i].Events}");
    if (events[i].Events == EpollEvents.In)
    {
        seen.Add(events[i].Token);
    }
}
bool ok = count == 2 && seen.SetEquals(new[] { FirstToken, SecondToken });
Console.WriteLine(ok
    ? "[check] done: epoll_wait returned both registered tokens with EPOLLIN"
    : $"[check] FAILED: {count} events; expected tokens 0x{FirstToken:X16} and 0x{SecondToken:X16} with EPOLLIN only");
return ok ? 0 : 1;

using System;
using Kiwi.Examples;
using Kiwi.Examples.EpollEcho;
using Kiwi.Net;

// EpollEcho [-p PORT] [--host ADDRESS] [--exit-after SECONDS] [--mode lt|et]
// The multiplexed I/O model on epoll(7), level- or edge-triggered: one thread, one epoll instance, tokens keyed
// by descriptor, a reused receive buffer and event array, so that an echoed message allocates nothing.
if (!ExampleOptions.TryParse(args, defaultPort: 23333, out ExampleOptions? options, "--mode"))
{
    return 2;
}
TriggerMode mode;
switch (options.Extra("--mode", "lt"))
{
    case "lt":
        mode = TriggerMode.Level;
        break;
    case "et":
        mode = TriggerMode.Edge;
        break;
    case var other:
        Console.Error.WriteLine($"--mode takes lt or et, not '{other}'");
        return 2;
}

using LinuxSocket listener = ExampleListener.OpenNonBlocking(options, backlog: 1024);
using EpollEchoServer server = new(listener, mode);
server.Run(options.StopToken());
return 0;

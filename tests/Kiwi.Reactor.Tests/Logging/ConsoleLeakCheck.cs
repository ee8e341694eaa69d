using System;
using Kiwi.Tests.Shared;

namespace Kiwi.Reactor.Tests.Logging;

/// <summary><see cref="DescriptorLeakCheck"/> for a class that uses <see cref="Console.Error"/>: the console opens
/// its copy of stderr (a dup it keeps for the life of the process) before the snapshot.</summary>
public sealed class ConsoleLeakCheck : DescriptorLeakCheck
{
    public ConsoleLeakCheck()
        : base(() => _ = Console.Error)
    {
    }
}

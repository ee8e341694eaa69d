using System;
using System.Collections.Generic;
using System.IO;

namespace Kiwi.Net.Tests.Bridge;

/// <summary>Catches a second close of a descriptor number: occupies the freed number with a new descriptor, which a
/// wrong close would take away.</summary>
internal static class DescriptorNumber
{
    public static bool IsOpen(int descriptor) => new FileInfo($"/proc/self/fd/{descriptor}").LinkTarget is not null;

    /// <summary>Creates eventfds until one gets <paramref name="descriptor"/> (the kernel hands out the lowest free
    /// number), keeps that one and closes the others; bounded.</summary>
    public static EventFdHandle Occupy(int descriptor)
    {
        Assert.False(IsOpen(descriptor), $"descriptor {descriptor} is still open");
        List<EventFdHandle> others = new();
        try
        {
            for (int attempt = 0; attempt < 1024; attempt++)
            {
                EventFdHandle candidate = EventFdHandle.Create();
                if (candidate.DangerousGetDescriptor() == descriptor)
                {
                    return candidate;
                }
                others.Add(candidate);
            }
            throw new InvalidOperationException($"1024 new descriptors and none took number {descriptor}");
        }
        finally
        {
            foreach (EventFdHandle other in others)
            {
                other.Dispose();
            }
        }
    }
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace Kiwi.Net.Tests.SignalDriven;

/// <summary>The signal masks the kernel shows in /proc/self/task/TID/status: what is blocked (SigBlk) and pending
/// for the thread (SigPnd) and for the whole process (ShdPnd).</summary>
internal readonly record struct ThreadSignals(int ThreadId, ulong Blocked, ulong Pending, ulong SharedPending)
{
    /// <summary>The bit of signal <paramref name="signal"/> in a mask (signal 1 is bit 0).</summary>
    public static ulong Bit(int signal) => 1UL << (signal - 1);

    /// <summary>Every thread of this process; threads that end while being read are skipped.</summary>
    public static List<ThreadSignals> All()
    {
        List<ThreadSignals> threads = new();
        foreach (string task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                threads.Add(Read(int.Parse(Path.GetFileName(task), CultureInfo.InvariantCulture)));
            }
            catch (IOException)
            {
            }
        }
        return threads;
    }

    public static ThreadSignals Read(int threadId)
    {
        ulong blocked = 0, pending = 0, shared = 0;
        foreach (string line in File.ReadAllLines($"/proc/self/task/{threadId}/status"))
        {
            string[] parts = line.Split(':', 2);
            if (parts.Length == 2)
            {
                switch (parts[0])
                {
                    case "SigBlk": blocked = Hex(parts[1]); break;
                    case "SigPnd": pending = Hex(parts[1]); break;
                    case "ShdPnd": shared = Hex(parts[1]); break;
                }
            }
        }
        return new ThreadSignals(threadId, blocked, pending, shared);
    }

    private static ulong Hex(string text) => ulong.Parse(text.Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
}

using System;

namespace Kiwi.Examples.Ping;

/// <summary>The Internet checksum (RFC 1071) of an ICMP message: the ones' complement of the ones' complement sum
/// of its 16-bit words, as stored in the header (the words are summed in memory order, so the result is too).</summary>
public static class InternetChecksum
{
    /// <summary>The checksum of <paramref name="data"/>, whose checksum field must be zero.</summary>
    public static ushort Compute(ReadOnlySpan<byte> data)
    {
        uint sum = 0;
        int i = 0;
        for (; i + 1 < data.Length; i += 2)
        {
            sum += BitConverter.ToUInt16(data.Slice(i, 2));
        }
        if (i < data.Length)
        {
            sum += BitConverter.IsLittleEndian ? data[i] : (uint)data[i] << 8;
        }
        while (sum >> 16 != 0)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }
        return (ushort)~sum;
    }
}

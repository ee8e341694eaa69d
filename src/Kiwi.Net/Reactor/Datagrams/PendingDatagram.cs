using System.Net;

namespace Kiwi.Net.Reactor;

/// <summary>A datagram the socket could not take yet: its bytes in a pooled array, and where it goes.</summary>
internal readonly record struct PendingDatagram(byte[] Array, int Length, EndPoint? Destination);

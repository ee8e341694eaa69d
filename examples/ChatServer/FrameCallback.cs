using System;
using Kiwi.Net.Reactor;

namespace Kiwi.Examples.Chat;

/// <summary>
/// One whole message decoded by <see cref="LengthHeaderCodec"/>: <paramref name="message"/> is valid only during
/// the call (it points into the connection's input buffer).
/// </summary>
/// <param name="connection">The connection the message came from.</param>
/// <param name="message">The message's bytes, without the length header.</param>
public delegate void FrameCallback(TcpConnection connection, ReadOnlySpan<byte> message);

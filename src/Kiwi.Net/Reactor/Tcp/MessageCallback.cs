namespace Kiwi.Net.Reactor;

/// <summary>
/// Data arrived on <paramref name="connection"/>: it is in <paramref name="buffer"/> (the connection's input
/// buffer); consume what you use with <see cref="ByteBuffer.Retrieve"/> and leave the rest for the next call.
/// Runs on the connection's loop thread; must not block.
/// </summary>
/// <param name="connection">The connection the data came from.</param>
/// <param name="buffer">Its input buffer.</param>
/// <param name="receiveTime">When the loop's poll returned, nanoseconds of <see cref="MonotonicClock"/>.</param>
public delegate void MessageCallback(TcpConnection connection, ByteBuffer buffer, long receiveTime);

namespace Kiwi.Net.Reactor;

/// <summary>
/// Datagrams arrived on a <see cref="DatagramEndpoint"/>: slots 0 .. <see cref="DatagramBatch.Count"/> - 1 of
/// <paramref name="batch"/>, each with its sender (<see cref="DatagramBatch.RemoteEndPointOf"/>). The batch is the
/// endpoint's and is refilled after the callback returns: copy what must outlive the call.
/// </summary>
/// <param name="endpoint">The endpoint that received them.</param>
/// <param name="batch">The datagrams of one <c>recvmmsg</c>.</param>
/// <param name="receiveTime">When the loop's poll returned, nanoseconds of <see cref="MonotonicClock"/>.</param>
public delegate void DatagramCallback(DatagramEndpoint endpoint, DatagramBatch batch, long receiveTime);

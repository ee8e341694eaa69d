namespace Kiwi.Net;

/// <summary>The <c>SO_LINGER</c> option (<c>struct linger</c>): whether <c>close(2)</c> waits for unsent data, and
/// for how long.</summary>
/// <param name="Enabled"><c>l_onoff</c>: linger on close.</param>
/// <param name="Seconds"><c>l_linger</c>: how long to wait; 0 with <paramref name="Enabled"/> resets the connection.</param>
public readonly record struct SocketLinger(bool Enabled, int Seconds);

using System;
using Kiwi.Interop;

namespace Kiwi.Net;

/// <summary>
/// A snapshot of a TCP connection's <c>struct tcp_info</c> (<c>getsockopt(TCP_INFO)</c>, through
/// <see cref="SocketOptions.TcpInfo"/>): times in the kernel's microseconds or milliseconds made into
/// <see cref="TimeSpan"/>, sizes in bytes, counts as counts.
/// </summary>
public sealed record TcpInfo
{
    /// <summary><c>tcpi_state</c>.</summary>
    public required TcpState State { get; init; }

    /// <summary><c>tcpi_ca_state</c>: the congestion-avoidance state (0 open, 1 disorder, 2 CWR, 3 recovery, 4 loss).</summary>
    public required int CongestionState { get; init; }

    /// <summary><c>tcpi_retransmits</c>: retransmissions of the current unacknowledged segment.</summary>
    public required int Retransmits { get; init; }

    /// <summary><c>tcpi_probes</c>: unanswered zero-window or keep-alive probes.</summary>
    public required int Probes { get; init; }

    /// <summary><c>tcpi_backoff</c>: the exponential back-off of the retransmission timer.</summary>
    public required int Backoff { get; init; }

    /// <summary><c>tcpi_options</c>: the options negotiated (<c>TCPI_OPT_*</c>).</summary>
    public required TcpInfoOptions Options { get; init; }

    /// <summary><c>tcpi_snd_wscale</c>: the peer's window scale shift (valid with <see cref="TcpInfoOptions.WindowScale"/>).</summary>
    public required int SendWindowScale { get; init; }

    /// <summary><c>tcpi_rcv_wscale</c>: this side's window scale shift.</summary>
    public required int ReceiveWindowScale { get; init; }

    /// <summary><c>tcpi_rto</c>: the retransmission timeout.</summary>
    public required TimeSpan RetransmissionTimeout { get; init; }

    /// <summary><c>tcpi_ato</c>: the delayed-acknowledgement timeout.</summary>
    public required TimeSpan AckTimeout { get; init; }

    /// <summary><c>tcpi_snd_mss</c>: the largest segment this side sends, in bytes.</summary>
    public required int SendMss { get; init; }

    /// <summary><c>tcpi_rcv_mss</c>: the largest segment seen from the peer, in bytes.</summary>
    public required int ReceiveMss { get; init; }

    /// <summary><c>tcpi_unacked</c>: segments sent and not yet acknowledged.</summary>
    public required int Unacknowledged { get; init; }

    /// <summary><c>tcpi_sacked</c>: segments selectively acknowledged.</summary>
    public required int SelectivelyAcknowledged { get; init; }

    /// <summary><c>tcpi_lost</c>: segments thought lost.</summary>
    public required int Lost { get; init; }

    /// <summary><c>tcpi_retrans</c>: segments being retransmitted now.</summary>
    public required int Retransmitting { get; init; }

    /// <summary><c>tcpi_last_data_sent</c>: time since data was last sent.</summary>
    public required TimeSpan SinceLastDataSent { get; init; }

    /// <summary><c>tcpi_last_data_recv</c>: time since data was last received.</summary>
    public required TimeSpan SinceLastDataReceived { get; init; }

    /// <summary><c>tcpi_last_ack_recv</c>: time since an acknowledgement was last received.</summary>
    public required TimeSpan SinceLastAckReceived { get; init; }

    /// <summary><c>tcpi_pmtu</c>: the path MTU in bytes.</summary>
    public required int PathMtu { get; init; }

    /// <summary><c>tcpi_rcv_ssthresh</c>: the receive slow-start threshold.</summary>
    public required int ReceiveSlowStartThreshold { get; init; }

    /// <summary><c>tcpi_rtt</c>: the smoothed round-trip time.</summary>
    public required TimeSpan RoundTripTime { get; init; }

    /// <summary><c>tcpi_rttvar</c>: the round-trip time's mean deviation.</summary>
    public required TimeSpan RoundTripTimeVariance { get; init; }

    /// <summary><c>tcpi_snd_ssthresh</c>: the send slow-start threshold, in segments.</summary>
    public required uint SendSlowStartThreshold { get; init; }

    /// <summary><c>tcpi_snd_cwnd</c>: the congestion window, in segments.</summary>
    public required int CongestionWindow { get; init; }

    /// <summary><c>tcpi_advmss</c>: the MSS this side advertised, in bytes.</summary>
    public required int AdvertisedMss { get; init; }

    /// <summary><c>tcpi_reordering</c>: how far segments may be reordered before loss is assumed.</summary>
    public required int Reordering { get; init; }

    /// <summary><c>tcpi_rcv_rtt</c>: the receiver's estimate of the round-trip time.</summary>
    public required TimeSpan ReceiveRoundTripTime { get; init; }

    /// <summary><c>tcpi_rcv_space</c>: the receive buffer space the receiver advertises room for, in bytes.</summary>
    public required int ReceiveSpace { get; init; }

    /// <summary><c>tcpi_total_retrans</c>: segments retransmitted over the connection's life.</summary>
    public required int TotalRetransmits { get; init; }

    internal static TcpInfo FromNative(in tcp_info n) => new()
    {
        State = (TcpState)n.tcpi_state,
        CongestionState = n.tcpi_ca_state,
        Retransmits = n.tcpi_retransmits,
        Probes = n.tcpi_probes,
        Backoff = n.tcpi_backoff,
        Options = (TcpInfoOptions)n.tcpi_options,
        SendWindowScale = n.tcpi_snd_wscale,
        ReceiveWindowScale = n.tcpi_rcv_wscale,
        RetransmissionTimeout = TimeSpan.FromMicroseconds(n.tcpi_rto),
        AckTimeout = TimeSpan.FromMicroseconds(n.tcpi_ato),
        SendMss = (int)n.tcpi_snd_mss,
        ReceiveMss = (int)n.tcpi_rcv_mss,
        Unacknowledged = (int)n.tcpi_unacked,
        SelectivelyAcknowledged = (int)n.tcpi_sacked,
        Lost = (int)n.tcpi_lost,
        Retransmitting = (int)n.tcpi_retrans,
        SinceLastDataSent = TimeSpan.FromMilliseconds(n.tcpi_last_data_sent),
        SinceLastDataReceived = TimeSpan.FromMilliseconds(n.tcpi_last_data_recv),
        SinceLastAckReceived = TimeSpan.FromMilliseconds(n.tcpi_last_ack_recv),
        PathMtu = (int)n.tcpi_pmtu,
        ReceiveSlowStartThreshold = (int)n.tcpi_rcv_ssthresh,
        RoundTripTime = TimeSpan.FromMicroseconds(n.tcpi_rtt),
        RoundTripTimeVariance = TimeSpan.FromMicroseconds(n.tcpi_rttvar),
        SendSlowStartThreshold = n.tcpi_snd_ssthresh,
        CongestionWindow = (int)n.tcpi_snd_cwnd,
        AdvertisedMss = (int)n.tcpi_advmss,
        Reordering = (int)n.tcpi_reordering,
        ReceiveRoundTripTime = TimeSpan.FromMicroseconds(n.tcpi_rcv_rtt),
        ReceiveSpace = (int)n.tcpi_rcv_space,
        TotalRetransmits = (int)n.tcpi_total_retrans,
    };
}

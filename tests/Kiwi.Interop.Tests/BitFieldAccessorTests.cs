namespace Kiwi.Interop.Tests;

/// <summary>A run of C bit-fields is one storage field plus a property per bit-field; the properties read and write
/// exactly their bits (the C probe checks where the storage field lies).</summary>
public sealed class BitFieldAccessorTests
{
    [Fact]
    public void TcpInfoWindowScalesAreTheLowAndHighNibbleOfTheirByte()
    {
        var info = new tcp_info { _bitfield1 = 0xA5 };
        Assert.Equal(5, info.tcpi_snd_wscale);
        Assert.Equal(10, info.tcpi_rcv_wscale);

        info.tcpi_snd_wscale = 7;
        info.tcpi_rcv_wscale = 3;
        Assert.Equal(0x37, info._bitfield1);

        info.tcpi_snd_wscale = 0xFF; // wider than 4 bits: only the low 4 are kept, the neighbour is untouched
        Assert.Equal(0x3F, info._bitfield1);
    }
}

namespace Kiwi.Interop.Tests;

/// <summary>One byte, then a <typeparamref name="T"/>: the offset of <see cref="Value"/> is T's alignment.</summary>
internal struct AlignProbe<T>
    where T : struct
{
#pragma warning disable CS0649 // never written: only its layout is read (ManagedLayout.AlignOf)
    public byte Pad;
    public T Value;
#pragma warning restore CS0649
}

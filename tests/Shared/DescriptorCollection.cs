namespace Kiwi.Tests.Shared;

/// <summary>
/// The collection of every test class that opens descriptors: it runs alone (no other collection in parallel),
/// so the count of /proc/self/fd entries is this class's alone.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DescriptorCollection
{
    /// <summary>The collection's name, for <c>[Collection]</c>.</summary>
    public const string Name = "Descriptors";
}

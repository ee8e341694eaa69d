namespace Kiwi.Interop.Tests;

/// <summary>Tests that drive libclang in-process run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class GeneratorCollection
{
    public const string Name = "generator";
}

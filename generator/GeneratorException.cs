using System;

namespace Kiwi.Generator;

/// <summary>A manifest or header problem the generator reports instead of writing output.</summary>
public sealed class GeneratorException : Exception
{
    /// <summary>Creates the exception with a message naming the offending item.</summary>
    public GeneratorException(string message) : base(message)
    {
    }
}

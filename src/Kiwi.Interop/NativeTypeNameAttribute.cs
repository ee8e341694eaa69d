using System;
using System.Diagnostics;

namespace Kiwi.Interop;

/// <summary>Records the C type of a generated field, parameter or return value where it differs from the C# type.</summary>
[AttributeUsage(AttributeTargets.All, AllowMultiple = false, Inherited = true)]
[Conditional("DEBUG")]
internal sealed class NativeTypeNameAttribute : Attribute
{
    /// <summary>Records <paramref name="name"/> as the C type.</summary>
    public NativeTypeNameAttribute(string name)
    {
        Name = name;
    }

    /// <summary>The C type as the header spells it.</summary>
    public string Name { get; }
}

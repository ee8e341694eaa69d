using System;

namespace Kiwi.Generator;

/// <summary>A constant: its C expression (usually the macro's name), value from libclang's evaluator, C# type.</summary>
public sealed record ConstantModel(string Name, string Expression, string CSharpType, Int128 Value, string DefinedIn);

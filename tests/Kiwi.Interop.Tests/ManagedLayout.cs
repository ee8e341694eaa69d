using System;
using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;

namespace Kiwi.Interop.Tests;

/// <summary>The layout the runtime really gives a type: size, alignment, field offsets (from ldflda, not marshalling).</summary>
internal static class ManagedLayout
{
    private static readonly MethodInfo SizeOfMethod = typeof(Unsafe).GetMethod(nameof(Unsafe.SizeOf))!;

    public static long SizeOf(Type type) =>
        type.IsPointer ? IntPtr.Size : (int)SizeOfMethod.MakeGenericMethod(type).Invoke(null, null)!;

    /// <summary>Alignment: where the runtime puts a <paramref name="type"/> after one byte.</summary>
    public static long AlignOf(Type type)
    {
        Type probe = typeof(AlignProbe<>).MakeGenericType(type);
        return OffsetOf(probe.GetField(nameof(AlignProbe<byte>.Value))!);
    }

    /// <summary>The byte offset of <paramref name="field"/> within its declaring struct.</summary>
    public static long OffsetOf(FieldInfo field)
    {
        Type owner = field.DeclaringType!;
        var method = new DynamicMethod("OffsetOf", typeof(nint), new[] { owner.MakeByRefType() }, typeof(ManagedLayout).Module, skipVisibility: true);
        ILGenerator il = method.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldflda, field);
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Sub);
        il.Emit(OpCodes.Conv_I);
        il.Emit(OpCodes.Ret);
        return (nint)method.Invoke(null, new[] { Activator.CreateInstance(owner) })!;
    }
}

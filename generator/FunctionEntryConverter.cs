using System;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kiwi.Generator;

/// <summary>Reads a function entry written either as "name" or as { "name": ..., "setLastError": ... }.</summary>
internal sealed class FunctionEntryConverter : JsonConverter<FunctionEntry>
{
    public override FunctionEntry Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return new FunctionEntry { Name = reader.GetString()! };
        }
        var entry = new FunctionEntry();
        using JsonDocument document = JsonDocument.ParseValue(ref reader);
        foreach (JsonProperty property in document.RootElement.EnumerateObject())
        {
            switch (property.Name.ToLowerInvariant())
            {
                case "name": entry.Name = property.Value.GetString()!; break;
                case "setlasterror": entry.SetLastError = property.Value.GetBoolean(); break;
                default: throw new JsonException($"unknown function property '{property.Name}'");
            }
        }
        return entry;
    }

    public override void Write(Utf8JsonWriter writer, FunctionEntry value, JsonSerializerOptions options)
        => throw new NotSupportedException();
}

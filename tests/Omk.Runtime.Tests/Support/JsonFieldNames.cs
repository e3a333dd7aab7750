using System.Text.Json;

namespace Omk.Tests.Support;

/// <summary>
/// The fields of records as JSON names (<c>Type.snake_name</c>): those a JSON text holds, walking into nested records of a
/// namespace, and those a set of types declares; for tests that fail when a record gains a field a hand-written writer misses.
/// </summary>
public static class JsonFieldNames
{
    public static string Name(Type type, string property) => type.Name + "." + JsonNamingPolicy.SnakeCaseLower.ConvertName(property);

    /// <summary>Every field of these types (public instance properties, the record's equality contract left out).</summary>
    public static IEnumerable<string> Declared(IEnumerable<Type> types) =>
        types.SelectMany(t => t.GetProperties().Where(p => p.GetMethod!.IsPublic && !p.GetMethod.IsStatic && p.Name != "EqualityContract").Select(p => Name(t, p.Name)));

    /// <summary>Adds the fields <paramref name="json"/> holds for <paramref name="type"/>, and those of nested records of <paramref name="ns"/>.</summary>
    public static void Collect(Type type, JsonElement json, string ns, HashSet<string> into)
    {
        foreach (var field in json.EnumerateObject())
        {
            into.Add(Name(type, field.Name));
            var property = type.GetProperties().FirstOrDefault(p => JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name) == field.Name);
            var inner = property?.PropertyType is { } t ? (Nullable.GetUnderlyingType(t) ?? t) : null;
            var element = inner is { IsGenericType: true } ? inner.GetGenericArguments()[^1] : inner;
            if (element?.Namespace != ns)
            {
                continue;
            }

            foreach (var value in field.Value.ValueKind == JsonValueKind.Array ? field.Value.EnumerateArray().ToArray() : [field.Value])
            {
                if (value.ValueKind == JsonValueKind.Object)
                {
                    Collect(element, value, ns, into);
                }
            }
        }
    }
}

namespace Omk.Testing;

/// <summary>The text of a scratch SDK-style C# project for net10.0 with nullable on, for tests that build real code.</summary>
public static class SdkProject
{
    /// <summary>The project with <paramref name="properties"/> added to its property group and <paramref name="items"/> after it.</summary>
    public static string Text(string items = "", string properties = "") => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
            <Nullable>enable</Nullable>{properties}
          </PropertyGroup>
          {items}
        </Project>

        """;
}

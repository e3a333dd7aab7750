namespace Omk.Processes;

/// <summary>A test on a block of UTF-8 bytes (spans cannot be the argument of a <see cref="Func{T, TResult}"/>).</summary>
public delegate bool Utf8Predicate(ReadOnlySpan<byte> utf8);

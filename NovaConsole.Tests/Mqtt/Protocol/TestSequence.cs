using System.Buffers;

namespace NovaConsole.Tests.Mqtt.Protocol;

/// <summary>Builds multi-segment <see cref="ReadOnlySequence{T}"/>s, the way bytes arrive from a socket in pieces.</summary>
internal static class TestSequence
{
    /// <summary>Cuts <paramref name="data"/> at the given ascending offsets (each cut starts a new segment).</summary>
    public static ReadOnlySequence<byte> Split(ReadOnlySpan<byte> data, params int[] cuts)
    {
        var pieces = new List<byte[]>();
        var start = 0;
        foreach (var cut in cuts.Append(data.Length))
        {
            pieces.Add(data[start..cut].ToArray());
            start = cut;
        }

        return FromSegments(pieces);
    }

    public static ReadOnlySequence<byte> OneSegmentPerByte(ReadOnlySpan<byte> data) =>
        Split(data, Enumerable.Range(1, Math.Max(0, data.Length - 1)).ToArray());

    public static ReadOnlySequence<byte> FromSegments(IReadOnlyList<byte[]> pieces)
    {
        if (pieces.Count == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        // Each segment gets its own array with guard bytes around it, so reading past a slice shows up as garbage.
        var first = new Segment(Guarded(pieces[0]), 0);
        var last = first;
        for (var i = 1; i < pieces.Count; i++)
        {
            last = last.Append(Guarded(pieces[i]));
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private static ReadOnlyMemory<byte> Guarded(byte[] piece)
    {
        var array = new byte[piece.Length + 2];
        array[0] = 0xEE;
        array[^1] = 0xEE;
        piece.CopyTo(array, 1);
        return array.AsMemory(1, piece.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}

namespace NovaConsole.Commands;

/// <summary>
/// How many entries of a filtered operation log are in each status, counted in the database over every entry that
/// matches (not only the page shown). <see cref="Failed"/> includes <see cref="TimedOut"/>.
/// </summary>
public sealed record CommandCounts(
    int Total, int Pending, int Queued, int Sent, int Delivered, int RespondedOk, int RespondedError, int Failed, int TimedOut, int Unmatched)
{
    /// <summary>Sent or waiting to be sent: no outcome yet.</summary>
    public int Awaiting => Pending + Queued + Sent;

    public int Responded => RespondedOk + RespondedError;
}

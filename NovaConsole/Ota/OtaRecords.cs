namespace NovaConsole.Ota;

/// <summary>One row of ota_packages (schema step 40). Immutable once stored: a new file is a new package.</summary>
internal sealed class OtaPackage
{
    public long Id { get; set; }
    public string Name { get; set; } = "";
    public string Version { get; set; } = "";
    public string Module { get; set; } = "";

    /// <summary>"MD5" or "SHA256" in the casing the uploader chose (the seed's sample writes "Md5"); sent as it is.</summary>
    public string SignMethod { get; set; } = "";

    /// <summary>Lowercase hex of the file's digest under <see cref="SignMethod"/>.</summary>
    public string Sign { get; set; } = "";
    public string Sha256 { get; set; } = "";
    public long Size { get; set; }
    public string? ExtDataJson { get; set; }
    public string? FromVersion { get; set; }

    /// <summary>File name inside the data folder's ota/ folder.</summary>
    public string FileName { get; set; } = "";
    public DateTime CreatedUtc { get; set; }
    public string CreatedBy { get; set; } = "";
}

/// <summary>One row of ota_campaigns. <see cref="PlanJson"/> holds the rollout as resolved at creation.</summary>
internal sealed class OtaCampaign
{
    public long Id { get; set; }
    public string Name { get; set; } = "";
    public long PackageId { get; set; }
    public string State { get; set; } = "";
    public string PlanJson { get; set; } = "";
    public int BatchCount { get; set; }

    /// <summary>The batch being rolled out (0-based); batches before it have settled.</summary>
    public int CurrentBatch { get; set; }
    public DateTime? StartAtUtc { get; set; }
    public bool RequireVersionConfirm { get; set; }
    public string Origin { get; set; } = "";
    public string CreatedBy { get; set; } = "";
    public DateTime CreatedUtc { get; set; }
    public DateTime? BatchStartedUtc { get; set; }
    public string? PauseReason { get; set; }

    /// <summary>A person resumed after an automatic pause: failures of batches up to this one no longer pause the campaign.</summary>
    public int FailuresAcceptedThrough { get; set; } = -1;
    public DateTime? FinishedUtc { get; set; }
}

/// <summary>One device in one campaign (ota_tasks). State words are those of <see cref="OtaTaskStates"/>.</summary>
internal sealed class OtaTask
{
    public long Id { get; set; }
    public long CampaignId { get; set; }
    public string DeviceId { get; set; } = "";
    public string Module { get; set; } = "";
    public int Batch { get; set; }
    public string State { get; set; } = "";
    public int Attempts { get; set; }
    public long? CurrentAttemptId { get; set; }
    public int? Step { get; set; }
    public string? LastMessage { get; set; }
    public string? FailureClass { get; set; }
    public string? RawCode { get; set; }
    public string? TimeoutKind { get; set; }
    public string? SkipReason { get; set; }
    public long BytesServed { get; set; }
    public bool AfterCancel { get; set; }
    public DateTime? QueuedUtc { get; set; }
    public DateTime? NotBeforeUtc { get; set; }
    public DateTime? InformedUtc { get; set; }
    public DateTime? LastProgressUtc { get; set; }
    public DateTime? ReportedUtc { get; set; }
    public DateTime? FinishedUtc { get; set; }
}

/// <summary>
/// One inform (ota_attempts): written in state "sending" before it is published and "sent" after, never published
/// twice. Its id is the inform's "id"; its token (only a hash is kept) opens the download until revoked or expired.
/// </summary>
internal sealed class OtaAttempt
{
    public long Id { get; set; }
    public long TaskId { get; set; }
    public int Number { get; set; }
    public string TokenHash { get; set; } = "";
    public DateTime ExpiresUtc { get; set; }
    public bool Revoked { get; set; }
    public string State { get; set; } = "";
    public string? Topic { get; set; }
    public DateTime CreatedUtc { get; set; }
    public DateTime? PublishedUtc { get; set; }
    public long BytesServed { get; set; }
}

/// <summary>Where a device last subscribed for informs (ota_listeners): it is what "never subscribed" is checked against.</summary>
internal sealed class OtaListener
{
    public string DeviceId { get; set; } = "";
    public string Topic { get; set; } = "";
    public DateTime SubscribedUtc { get; set; }
}

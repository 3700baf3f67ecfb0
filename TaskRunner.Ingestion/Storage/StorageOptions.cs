using System.ComponentModel.DataAnnotations;

namespace TaskRunner.Ingestion.Storage;

public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>Folder for uploaded files (Storage__Root). Files get generated names; upload names are never used as paths.</summary>
    [Required(ErrorMessage = "Storage:Root is required: set Storage__Root to a writable folder for uploaded files.")]
    public string Root { get; set; } = "";

    /// <summary>Largest upload accepted, in bytes (default 50 MB); larger uploads get 413.</summary>
    [Range(1, long.MaxValue)]
    public long MaxUploadBytes { get; set; } = 50L * 1024 * 1024;
}

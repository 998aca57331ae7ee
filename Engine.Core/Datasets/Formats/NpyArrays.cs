using System.IO.Compression;
using System.Numerics;
using ClusterGcn.Engine.Partitioning.IO;

namespace ClusterGcn.Engine.Core.Datasets.Formats;

/// <summary>A set of named NumPy arrays: the <c>.npy</c> files of a directory, or the members of an <c>.npz</c>
/// archive. Arrays come back in C order as the type asked for; a directory's file is memory-mapped instead of read
/// when it already holds exactly that (<see cref="NpyHeader.IsInPlace{T}"/>).</summary>
internal abstract class NpyArrays : IDisposable
{
    /// <summary>Whether array <paramref name="name"/> is present.</summary>
    public abstract bool Contains(string name);

    /// <summary>Where array <paramref name="name"/> lives, for error messages (<c>dir/x.npy</c>, <c>data.npz:x.npy</c>).</summary>
    public abstract string PathOf(string name);

    /// <summary>The header of array <paramref name="name"/>.</summary>
    /// <exception cref="FileNotFoundException">No such array.</exception>
    public abstract NpyHeader Header(string name);

    /// <summary>Array <paramref name="name"/> as <typeparamref name="T"/>, in C order.</summary>
    public abstract HostArray<T> Load<T>(string name) where T : unmanaged, INumberBase<T>;

    /// <summary>The header of <paramref name="name"/>, which must have one of <paramref name="ranks"/> dimensions.</summary>
    /// <exception cref="InvalidDataException">Another rank.</exception>
    public NpyHeader Header(string name, params int[] ranks)
    {
        var header = Header(name);
        return ranks.Contains(header.Rank)
            ? header
            : throw new InvalidDataException($"{PathOf(name)}: expected {string.Join(" or ", ranks.Select(r => $"{r}-D"))}, found shape {header.ShapeText}.");
    }

    /// <summary>The <c>.npy</c> files of <paramref name="directory"/>.</summary>
    public static NpyArrays InDirectory(string directory) => new DirectoryArrays(directory);

    /// <summary>The members of the <c>.npz</c> archive <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">Not a zip archive.</exception>
    public static NpyArrays InArchive(string path) => new ArchiveArrays(path);

    /// <inheritdoc/>
    public virtual void Dispose()
    {
    }

    private sealed class DirectoryArrays(string directory) : NpyArrays
    {
        public override bool Contains(string name) => File.Exists(PathOf(name));

        public override string PathOf(string name) => Path.Combine(directory, name + ".npy");

        public override NpyHeader Header(string name) => NpyReader.ReadHeader(PathOf(name));

        public override HostArray<T> Load<T>(string name)
        {
            var header = Header(name);
            return header.IsInPlace<T>()
                ? HostArray<T>.Map(PathOf(name), header.DataOffset, header.Count)
                : HostArray<T>.Wrap(NpyReader.ReadArray<T>(PathOf(name)));
        }
    }

    private sealed class ArchiveArrays : NpyArrays
    {
        private readonly string path;
        private readonly ZipArchive archive;

        public ArchiveArrays(string path)
        {
            this.path = path;
            if (!File.Exists(path)) throw new FileNotFoundException($"{path}: file not found.", path);
            try
            {
                archive = ZipFile.OpenRead(path);
            }
            catch (InvalidDataException e)
            {
                throw new InvalidDataException($"{path}: not an .npz (zip) archive ({e.Message.ReplaceLineEndings(" ")})");
            }
        }

        public override bool Contains(string name) => archive.GetEntry(name + ".npy") is not null;

        public override string PathOf(string name) => $"{path}:{name}.npy";

        public override NpyHeader Header(string name)
        {
            using var stream = Open(name);
            return NpyReader.ReadHeader(stream, PathOf(name));
        }

        public override HostArray<T> Load<T>(string name)
        {
            using var stream = Open(name);
            var header = NpyReader.ReadHeader(stream, PathOf(name));
            try
            {
                return HostArray<T>.Wrap(NpyReader.ReadArray<T>(stream, header));
            }
            catch (InvalidDataException e) when (!e.Message.StartsWith(PathOf(name), StringComparison.Ordinal))
            {
                throw new InvalidDataException($"{PathOf(name)}: corrupt compressed data ({e.Message.ReplaceLineEndings(" ")})");
            }
        }

        private Stream Open(string name)
        {
            var entry = archive.GetEntry(name + ".npy") ?? throw new FileNotFoundException($"{PathOf(name)}: no such member in the archive.");
            try
            {
                return entry.Open();
            }
            catch (InvalidDataException e)
            {
                throw new InvalidDataException($"{PathOf(name)}: cannot be decompressed ({e.Message.ReplaceLineEndings(" ")})");
            }
        }

        public override void Dispose() => archive.Dispose();
    }
}

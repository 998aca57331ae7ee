using System.Buffers.Binary;
using System.Text;
using ClusterGcn.Engine.Core.Checkpoints;
using ClusterGcn.Engine.Tests.Support;

namespace ClusterGcn.Engine.Tests.Checkpoints;

public sealed class SafeTensorsFileTests
{
    // The file that Python's
    //     safetensors.torch.save_file({"b": torch.tensor([[1., 2.], [3., 4.]]), "a": torch.tensor([0.5])},
    //                                 path, metadata={"format": "pt"})
    // writes: the header length (u64 little-endian), the compact JSON header with "__metadata__" first and the
    // tensors sorted by name, padded with spaces from 141 to 144 bytes, then a's 4 bytes and b's 16 bytes.
    private const string PythonHeader =
        """{"__metadata__":{"format":"pt"},"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[2,2],"data_offsets":[4,20]}}   """;

    private static readonly byte[] PythonFile =
    [
        144, 0, 0, 0, 0, 0, 0, 0,
        .. Encoding.UTF8.GetBytes(PythonHeader),
        0x00, 0x00, 0x00, 0x3F,                          // 0.5f
        0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0x40,  // 1f, 2f
        0x00, 0x00, 0x40, 0x40, 0x00, 0x00, 0x80, 0x40,  // 3f, 4f
    ];

    private static readonly NamedTensor[] PythonTensors =
    [
        new("b", [2, 2], new float[] { 1, 2, 3, 4 }),
        new("a", [1], new float[] { 0.5f }),
    ];

    private static readonly Dictionary<string, string> PtFormat = new() { ["format"] = "pt" };

    [Test]
    public void The_python_example_header_is_as_documented()
    {
        Assert.That(PythonHeader.TrimEnd(), Has.Length.EqualTo(141));
        Assert.That(PythonFile, Has.Length.EqualTo(8 + 144 + 20));
    }

    [Test]
    public void Writes_a_file_byte_for_byte_as_the_python_library_does()
    {
        using var stream = new MemoryStream();
        SafeTensorsFile.Write(stream, PythonTensors, PtFormat);
        Assert.That(stream.ToArray(), Is.EqualTo(PythonFile));
    }

    [Test]
    public void Reads_the_python_library_layout()
    {
        var content = SafeTensorsFile.Read(new MemoryStream(PythonFile), "python.safetensors");
        Assert.That(content.Tensors.Select(t => t.Name), Is.EqualTo(new[] { "a", "b" }), "file order");
        Assert.That(content.Tensors[1].Shape, Is.EqualTo(new[] { 2, 2 }));
        Assert.That(content.Tensors[1].Data.ToArray(), Is.EqualTo(new float[] { 1, 2, 3, 4 }));
        Assert.That(content.Tensors[0].Data.ToArray(), Is.EqualTo(new[] { 0.5f }));
        Assert.That(content.Metadata, Is.EqualTo(PtFormat));
    }

    [Test]
    public void Save_and_read_round_trip_with_the_same_data_checksum()
    {
        var random = new Random(20261126);
        NamedTensor Random(string name, params int[] shape) =>
            new(name, shape, Enumerable.Range(0, shape.Aggregate(1, (a, b) => a * b)).Select(_ => random.NextSingle() - 0.5f).ToArray());
        NamedTensor[] tensors = [Random("convs.1.lin.weight", 7, 16), Random("convs.0.lin.weight", 16, 33), Random("convs.0.bias", 16), Random("empty", 0, 4)];
        string dir = Directory.CreateTempSubdirectory("safetensors-").FullName;
        try
        {
            string path = Path.Combine(dir, "m.safetensors");
            string written = SafeTensorsFile.Save(path, tensors);
            var content = SafeTensorsFile.Read(path);
            Assert.That(content.Tensors.Select(t => t.Name), Is.EqualTo(tensors.Select(t => t.Name).Order(StringComparer.Ordinal)));
            foreach (var tensor in tensors)
            {
                var read = content.Tensors.Single(t => t.Name == tensor.Name);
                Assert.That(read.Shape, Is.EqualTo(tensor.Shape));
                Assert.That(read.Data.ToArray(), Is.EqualTo(tensor.Data.ToArray()), tensor.Name);
            }
            Assert.That(content.Metadata, Is.Empty);
            Assert.That(content.DataSha256, Is.EqualTo(written).And.Length.EqualTo(64));
            Assert.That(Directory.GetFiles(dir), Has.Length.EqualTo(1), "no temporary left behind");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void F64_F16_and_BF16_are_read_as_float()
    {
        byte[] data =
        [
            .. BitConverter.GetBytes(-2.5),             // F64
            .. BitConverter.GetBytes((Half)0.125f),     // F16
            .. BitConverter.GetBytes((Half)(-3f)),
            0x80, 0x3F,                                 // BF16 1.0 = the upper half of 0x3F800000
        ];
        var content = SafeTensorsFile.Read(new MemoryStream(File(
            """{"d":{"dtype":"F64","shape":[1],"data_offsets":[0,8]},"h":{"dtype":"F16","shape":[2],"data_offsets":[8,12]},"z":{"dtype":"BF16","shape":[],"data_offsets":[12,14]}}""",
            data)), "mixed.safetensors");
        Assert.That(content.Tensors.Select(t => t.Data.ToArray()), Is.EqualTo(new[] { new[] { -2.5f }, new[] { 0.125f, -3f }, new[] { 1f } }));
        Assert.That(content.Tensors[2].Shape, Is.Empty, "a scalar");
    }

    public static IEnumerable<TestCaseData> BadFiles()
    {
        byte[] four = new byte[4];
        const string A = """{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}""";
        TestCaseData Case(string name, byte[] file, string fragment) => new TestCaseData(file, fragment).SetName($"Bad({name})");
        yield return Case("shorter than the length", [1, 2, 3], "truncated: 3 bytes");
        yield return Case("header past the end", [.. PythonFile[..8], .. PythonFile[8..40]], "header length 144 runs past the end of the file (40 bytes)");
        yield return Case("absurd header length", [.. BitConverter.GetBytes((ulong)1 << 40), .. new byte[16]], "exceeds the 100,000,000-byte limit");
        yield return Case("not json", File("{\"a\":{\"dtype\":", four), "not valid JSON");
        yield return Case("not an object", File("[1, 2]   ", []), "does not start with '{'");
        yield return Case("unknown dtype", File("""{"a":{"dtype":"F31","shape":[1],"data_offsets":[0,4]}}""", four), "tensor 'a': unknown dtype 'F31'");
        yield return Case("integer dtype", File("""{"a":{"dtype":"I32","shape":[1],"data_offsets":[0,4]}}""", four), "dtype I32 is not a float type");
        yield return Case("missing shape", File("""{"a":{"dtype":"F32","data_offsets":[0,4]}}""", four), "tensor 'a': no \"shape\"");
        yield return Case("negative dimension", File("""{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}""", four), "holds -1, not a non-negative integer");
        yield return Case("offsets not a pair", File("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4,8]}}""", four), "has 3 entries");
        yield return Case("reversed offsets", File("""{"a":{"dtype":"F32","shape":[0],"data_offsets":[4,0]}}""", four), "end before they begin");
        yield return Case("offsets not shape x dtype", File("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}""", four), "hold 4 bytes, but shape [2] of F32 needs 8");
        yield return Case("shape overflows", File("""{"a":{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,4]}}""", four), "is too large");
        yield return Case("overlap", File(A + ""","b":{"dtype":"F32","shape":[1],"data_offsets":[2,6]}}""", new byte[8]), "'a' [0, 4] and 'b' [2, 6] overlap");
        yield return Case("gap", File(A + ""","b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}""", new byte[12]), "4 bytes before tensor 'b' (at 8) belong to no tensor");
        yield return Case("duplicate name", File(A + "," + A[1..] + "}", four), "names 'a' twice");
        yield return Case("truncated data", File(A + "}", [1, 2]), "truncated: the tensors need 4 data bytes, the file holds 2");
        yield return Case("trailing bytes", File(A + "}", new byte[6]), "2 trailing bytes");
        yield return Case("name with a line break", File("""{"a\nb":{"dtype":"F31","shape":[1],"data_offsets":[0,4]}}""", four), "tensor 'a\\nb': unknown dtype 'F31'");
        byte[] badUtf8 = File("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", four);
        badUtf8[8 + 2] = 0xFF; // the name "a": a byte no UTF-8 text holds
        yield return Case("name not UTF-8", badUtf8, "the header is not valid UTF-8");
        yield return Case("metadata not strings", File("""{"__metadata__":{"epoch":3}}""", []), "entry 'epoch' is not a string");
    }

    [TestCaseSource(nameof(BadFiles))]
    public void A_bad_file_is_one_line_naming_it(byte[] file, string fragment)
    {
        var error = Assert.Throws<InvalidDataException>(() => SafeTensorsFile.Read(new MemoryStream(file), "bad.safetensors"))!;
        Assert.That(error.Message, Does.StartWith("bad.safetensors: ").And.Contain(fragment).And.Not.Contain('\n'));
    }

    [Test]
    public void Writing_two_tensors_of_one_name_is_refused()
    {
        NamedTensor[] twins = [new("w", [1], new float[] { 1 }), new("w", [1], new float[] { 2 })];
        Errors.AssertOneLine(() => SafeTensorsFile.Write(Stream.Null, twins), "two tensors are named 'w'");
    }

    [Test]
    public void A_tensor_whose_data_does_not_fit_its_shape_is_refused()
    {
        Errors.AssertOneLine(() => _ = new NamedTensor("w", [2, 3], new float[5]), "tensor 'w': shape [2, 3] holds 6 elements but the data has 5");
    }

    /// <summary>A safetensors file with <paramref name="header"/> (padded with spaces to 8 bytes) and <paramref name="data"/>.</summary>
    private static byte[] File(string header, byte[] data)
    {
        byte[] json = Encoding.UTF8.GetBytes(header.PadRight((header.Length + 7) / 8 * 8));
        var file = new byte[8 + json.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)json.Length);
        json.CopyTo(file, 8);
        data.CopyTo(file, 8 + json.Length);
        return file;
    }
}

namespace ClusterGcn.Engine.Core.Datasets.Synthetic;

/// <summary>The shape of a synthetic node-classification dataset: a degree-corrected stochastic block model with
/// power-law degrees whose classes are each made of <see cref="CommunitiesPerClass"/> communities (SBM blocks), with
/// features drawn around a centroid per class, under strong Gaussian noise.</summary>
/// <param name="Name">The name <see cref="Parse"/> accepts.</param>
/// <param name="Nodes">Number of nodes N.</param>
/// <param name="Edges">Expected number of undirected edges; the files store each in both directions (2× entries).</param>
/// <param name="Features">Feature width F.</param>
/// <param name="Classes">Number of classes C.</param>
/// <param name="CommunitiesPerClass">SBM blocks per class: class k holds blocks k, k + C, k + 2C, ...</param>
/// <param name="InsideFraction">Expected fraction of edges inside a community; the rest join random communities, so
/// the fraction of edges between nodes of one class is about InsideFraction + (1 − InsideFraction) / C.</param>
/// <param name="Separation">Expected distance between two class centroids over twice the noise's standard deviation:
/// how well one node's own features tell its class apart (higher is easier).</param>
public sealed record SyntheticPreset(
    string Name, int Nodes, long Edges, int Features, int Classes, int CommunitiesPerClass,
    double InsideFraction, double Separation)
{
    /// <summary>Fraction of nodes in the training set; <see cref="ValidationFraction"/> follow, the rest are test nodes
    /// (Reddit's 66/10/24).</summary>
    public const double TrainFraction = 0.66;

    /// <summary>Fraction of nodes in the validation set.</summary>
    public const double ValidationFraction = 0.10;

    /// <summary>2,000 nodes, average degree 10, 32 features, 4 classes: for unit tests.</summary>
    public static SyntheticPreset Tiny { get; } = new("tiny", 2_000, 10_000, 32, 4, 2, 0.6, 0.9);

    /// <summary>20,000 nodes, average degree 20, 128 features, 10 classes: for quick end-to-end runs.</summary>
    public static SyntheticPreset Small { get; } = new("small", 20_000, 200_000, 128, 10, 4, 0.5, 1.2);

    /// <summary>Reddit's nodes, features and classes with a sparser graph (average degree 50, 5.8M edges): the
    /// preset on which features alone must fall clearly short of a GNN.</summary>
    public static SyntheticPreset Medium { get; } = new("medium", 232_965, 5_824_125, 602, 41, 4, 0.5, 1.5);

    /// <summary>Reddit's size: 232,965 nodes, 57,307,946 undirected edges (114.6M stored), 602 features, 41 classes.</summary>
    public static SyntheticPreset Reddit { get; } = new("reddit", 232_965, 57_307_946, 602, 41, 2, 0.5, 1.5);

    /// <summary>ogbn-products' size: 2,449,029 nodes, 61,859,140 undirected edges (123.7M stored), 100 features,
    /// 47 classes.</summary>
    public static SyntheticPreset Products { get; } = new("products", 2_449_029, 61_859_140, 100, 47, 2, 0.5, 1.5);

    /// <summary>Every preset, smallest first.</summary>
    public static IReadOnlyList<SyntheticPreset> All { get; } = [Tiny, Small, Medium, Reddit, Products];

    /// <summary>The preset called <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">No preset has that name.</exception>
    public static SyntheticPreset Parse(string name) =>
        All.FirstOrDefault(p => p.Name == name)
        ?? throw new ArgumentException($"preset '{name}' is not one of {string.Join(", ", All.Select(p => p.Name))}.", nameof(name));

    /// <summary>Number of SBM blocks (communities), C × <see cref="CommunitiesPerClass"/>.</summary>
    public int Communities => Classes * CommunitiesPerClass;

    /// <summary>Checks the fields the graph generator does not (it checks nodes, edges, communities and the inside
    /// fraction itself).</summary>
    /// <exception cref="ArgumentException">A field is out of range.</exception>
    public void Validate()
    {
        if (Features < 1 || Classes < 1 || CommunitiesPerClass < 1)
            throw new ArgumentException($"preset {Name}: features ({Features}), classes ({Classes}) and communities per class ({CommunitiesPerClass}) must be positive.");
        if (!(Separation >= 0 && double.IsFinite(Separation)))
            throw new ArgumentException($"preset {Name}: separation {Separation} must be finite and non-negative.");
        if ((long)Nodes * Features > Array.MaxLength)
            throw new ArgumentException($"preset {Name}: {Nodes} × {Features} features exceed one array ({Array.MaxLength} elements).");
    }

    /// <summary>The class of community <paramref name="community"/>.</summary>
    public int ClassOf(int community) => community % Classes;
}

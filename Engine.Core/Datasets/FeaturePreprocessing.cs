namespace ClusterGcn.Engine.Core.Datasets;

/// <summary>What is done to the features when a dataset is loaded.</summary>
public enum FeaturePreprocessing
{
    /// <summary>The features as the files hold them.</summary>
    None,

    /// <summary>Each row divided by its sum (a row summing to 0 becomes 0): GCN's preprocessing of bag-of-words features.</summary>
    RowNormalize,

    /// <summary>Each column shifted by its mean and divided by its (population) standard deviation over the training
    /// nodes; columns with no spread there are only shifted: the official Cluster-GCN preprocessing.</summary>
    Standardize,
}

namespace ClusterGcn.Engine.Partitioning.Multilevel.Refinement;

/// <summary>The blocks a k-way FM search may move nodes between: every block, or one side of a split of the blocks
/// into two sets whose searches cannot see each other's moves and so may run side by side.</summary>
internal interface IBlockScope
{
    /// <summary>Whether moves into and out of <paramref name="block"/> are this search's.</summary>
    bool Holds(int block);

    /// <summary>Whether node <paramref name="u"/> lies in a block of this scope. A node never leaves its side while
    /// the other side's searches run, so the answer is the same whenever it is read.</summary>
    bool HoldsNodeOf(int[] part, int u);

    /// <summary>Notes that node <paramref name="u"/> of this scope has a neighbour outside it.</summary>
    void NoteOutsideNeighbour(int u);
}

/// <summary>Every block: the searches of a pass run one after another.</summary>
internal readonly struct AllBlocks : IBlockScope
{
    public bool Holds(int block) => true;

    public bool HoldsNodeOf(int[] part, int u) => true;

    public void NoteOutsideNeighbour(int u) { }
}

/// <summary>The blocks on one side of a split (<paramref name="sideOf"/> gives every block's side, 0 or 1); the
/// nodes found next to the other side are marked in <paramref name="nextToOtherSide"/>.</summary>
internal readonly struct BlockSide(byte[] sideOf, byte side, bool[] nextToOtherSide) : IBlockScope
{
    public bool Holds(int block) => sideOf[block] == side;

    public bool HoldsNodeOf(int[] part, int u) => sideOf[part[u]] == side;

    public void NoteOutsideNeighbour(int u) => nextToOtherSide[u] = true;
}

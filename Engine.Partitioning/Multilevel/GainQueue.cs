namespace ClusterGcn.Engine.Partitioning.Multilevel;

// An addressable binary max-heap of nodes keyed by gain: region growing and both FMs (2-way and k-way) need "best
// node now" while neighbours' gains change after every move. Ties go to whichever the heap holds on top: deterministic for a given
// insertion order, which the callers randomise with their seed.
internal sealed class GainQueue
{
    // FM queues the boundary only, a small fraction of the nodes on meshes: the heap grows on demand instead of being
    // sized for every node (12 bytes a node, twice per scratch, on the biggest graphs of initial partitioning).
    private const int InitialHeapSize = 1024;

    private int[] heap;
    private long[] keys; // keys[i] belongs to heap[i]
    private readonly int[] position; // -1 when the node is not queued

    public GainQueue(int capacity) : this(NewPositions(capacity))
    {
    }

    // A queue over the node index of another: both may be used at once when they never hold the same node (the
    // two sides of a split k-way FM pass), so the node-sized array is paid once.
    public GainQueue(GainQueue sharingPositions) : this(sharingPositions.position)
    {
    }

    private GainQueue(int[] position)
    {
        heap = new int[Math.Min(position.Length, InitialHeapSize)];
        keys = new long[heap.Length];
        this.position = position;
    }

    private static int[] NewPositions(int capacity)
    {
        var position = new int[capacity];
        Array.Fill(position, -1);
        return position;
    }

    public int Count { get; private set; }

    public int Top => heap[0];

    public long TopKey => keys[0];

    public bool Contains(int node) => position[node] >= 0;

    public void Clear()
    {
        for (int i = 0; i < Count; i++) position[heap[i]] = -1;
        Count = 0;
    }

    public void Insert(int node, long key)
    {
        if (Count == heap.Length)
        {
            int size = (int)Math.Min(2L * heap.Length, position.Length);
            Array.Resize(ref heap, size);
            Array.Resize(ref keys, size);
        }
        int i = Count++;
        (heap[i], keys[i], position[node]) = (node, key, i);
        SiftUp(i);
    }

    public void Update(int node, long key)
    {
        int i = position[node];
        long old = keys[i];
        keys[i] = key;
        if (key > old) SiftUp(i);
        else SiftDown(i);
    }

    // Inserts the node, or changes its key when it is queued already.
    public void Set(int node, long key)
    {
        if (Contains(node)) Update(node, key);
        else Insert(node, key);
    }

    public void Remove(int node)
    {
        int i = position[node];
        position[node] = -1;
        if (i == --Count) return;
        long removedKey = keys[i];
        Place(i, heap[Count], keys[Count]);
        if (keys[i] > removedKey) SiftUp(i);
        else SiftDown(i);
    }

    public int Pop()
    {
        int top = heap[0];
        Remove(top);
        return top;
    }

    private void SiftUp(int i)
    {
        int node = heap[i];
        long key = keys[i];
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            if (keys[parent] >= key) break;
            Place(i, heap[parent], keys[parent]);
            i = parent;
        }
        Place(i, node, key);
    }

    private void SiftDown(int i)
    {
        int node = heap[i];
        long key = keys[i];
        while (true)
        {
            int child = 2 * i + 1;
            if (child >= Count) break;
            if (child + 1 < Count && keys[child + 1] > keys[child]) child++;
            if (keys[child] <= key) break;
            Place(i, heap[child], keys[child]);
            i = child;
        }
        Place(i, node, key);
    }

    private void Place(int i, int node, long key) => (heap[i], keys[i], position[node]) = (node, key, i);
}

"""The alternative the benchmark weighs against the host-side computation: retained sizes computed
entirely in the debuggee, in Python (an id index, edges as int arrays, semi-NCA dominators), on the
same nodes, edges and roots as the agent's `heapGraph`. Used by heap_bench.py only.
"""
import gc
import sys
from array import array
from itertools import chain, repeat


def retained_in_python(agent):
    """Returns (node count, bytes reachable from the roots)."""
    noise, noise_ids = agent._find_noise()
    del noise
    statics = agent._static_object_ids()
    roots = [id(m) for m in list(sys.modules.values()) if type(m) is type(sys) and id(m) not in noise_ids]
    roots.extend(agent._root_frame_ids(noise_ids))
    everything = gc.get_objects()
    noise_ids.update((id(everything), id(noise_ids), id(roots), id(statics)))
    nodes = [o for o in everything if id(o) not in noise_ids]
    del everything
    found = {}
    level = nodes
    while level:  # untracked objects, as the agent finds them
        new = {}
        for r in chain.from_iterable(map(gc.get_referents, level)):
            if not gc.is_tracked(r):
                new[id(r)] = r
        for k in statics.intersection(new):
            del new[k]
        for k in found.keys() & new.keys():
            del new[k]
        found.update(new)
        level = list(new.values())
        if level is not nodes:
            nodes.extend(level)
    found = new = level = None
    n = len(nodes)
    index = dict(zip(map(id, nodes), range(n)))
    separator = []
    index[id(separator)] = -2
    flat = array('i', map(index.get, map(id, chain.from_iterable(chain.from_iterable(
        zip(map(gc.get_referents, nodes), repeat((separator,)))))), repeat(-1)))
    refcounts = array('q', map(sys.getrefcount, nodes))  # + 1 for the argument, + 1 for `nodes`
    sizes = array('q', map(sys.getsizeof, nodes))
    root_set = set(filter(None.__ne__, map(index.get, roots)))
    del nodes, index
    # CSR successors and predecessors
    start = array('i', [0]) * (n + 1)
    indegree = array('i', [0]) * (n + 2)  # two spare slots absorb -1 and -2
    v = 0
    kept = 0
    for t in flat:
        if t == -2:
            v += 1
            start[v] = kept
        elif t >= 0:
            kept += 1
            indegree[t] += 1
    succ = array('i', [t for t in flat if t >= 0])
    del flat
    pstart = array('i', [0]) * (n + 1)
    for i in range(n):
        pstart[i + 1] = pstart[i] + indegree[i]
    fill = array('i', pstart)
    pred = array('i', [0]) * len(succ)
    for u in range(n):
        for e in range(start[u], start[u + 1]):
            w = succ[e]
            pred[fill[w]] = u
            fill[w] += 1
    del fill
    is_root = [refcounts[i] - 2 > indegree[i] or i in root_set for i in range(n)]
    # depth-first preorder from a virtual root (dfs number 0)
    dfn = array('i', [-1]) * n
    vertex = array('i', [0])
    parent = array('i', [0])
    for r in range(n):
        if not is_root[r] or dfn[r] >= 0:
            continue
        dfn[r] = len(vertex)
        vertex.append(r)
        parent.append(0)
        stack = [(r, start[r])]
        while stack:
            u, e = stack[-1]
            if e < start[u + 1]:
                stack[-1] = (u, e + 1)
                w = succ[e]
                if dfn[w] < 0:
                    dfn[w] = len(vertex)
                    vertex.append(w)
                    parent.append(dfn[u])
                    stack.append((w, start[w]))
            else:
                stack.pop()
    count = len(vertex)
    semi = array('i', range(count))
    label = array('i', range(count))
    ancestor = array('i', [-1]) * count
    for i in range(count - 1, 0, -1):
        w = vertex[i]
        if is_root[w]:
            semi[i] = 0
        else:
            s = semi[i]
            for e in range(pstart[w], pstart[w + 1]):
                j = dfn[pred[e]]
                if j < 0:
                    continue
                if ancestor[j] >= 0:  # eval with path compression
                    path = []
                    x = j
                    while ancestor[ancestor[x]] >= 0:
                        path.append(x)
                        x = ancestor[x]
                    for y in reversed(path):
                        a = ancestor[y]
                        if semi[label[a]] < semi[label[y]]:
                            label[y] = label[a]
                        ancestor[y] = ancestor[a]
                    j = label[j]
                if semi[j] < s:
                    s = semi[j]
            semi[i] = s
        ancestor[i] = parent[i]
    idom = array('i', [0]) * count
    for i in range(1, count):
        d = parent[i]
        while d > semi[i]:
            d = idom[d]
        idom[i] = d
    retained = array('d', [0.0]) * count
    for i in range(1, count):
        retained[i] = sizes[vertex[i]]
    for i in range(count - 1, 0, -1):
        retained[idom[i]] += retained[i]
    return n, retained[0]

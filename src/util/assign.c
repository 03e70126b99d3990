/* assign.c - minimum-cost maximum matching by successive shortest paths
 * (Dijkstra over reduced costs, potentials kept non-negative by the
 * min(d(v), d(sink)) update), then each chosen pair's margin: the cheapest
 * alternating cycle through it, i.e. the shortest path from its left end to
 * its right end in the residual graph, minus its own cost.
 *
 * Nodes: 0 the source, 1 the sink, 2.. the left items, then the right ones. */
#include "util/assign.h"

#include <stdlib.h>
#include <string.h>

/* Above this many arc visits the margins are not computed (left -1): a
 * component that large is a bench, not an incident, and the assignment
 * itself is what matters. */
#define MARGIN_WORK_MAX ((uint64_t)200 * 1000 * 1000)

struct arc {
	uint32_t to, next;      /* next: the node's next arc, or UINT32_MAX */
	int cap;
	int64_t cost;
};

struct graph {
	struct arc *arcs;
	uint32_t *head;         /* first arc of each node */
	size_t nnodes, narcs;
	int64_t *pot, *dist;
	uint32_t *prev;         /* the arc that reached the node */
	uint32_t *heap, *where; /* binary heap of nodes by dist; where: position + 1 */
	size_t nheap;
};

#define NONE UINT32_MAX
#define INF INT64_MAX

static void add_arc(struct graph *g, uint32_t from, uint32_t to, int64_t cost)
{
	struct arc *a = &g->arcs[g->narcs];

	*a = (struct arc){ to, g->head[from], 1, cost };
	g->head[from] = (uint32_t)g->narcs++;
	a = &g->arcs[g->narcs];
	*a = (struct arc){ from, g->head[to], 0, -cost };      /* the residual twin */
	g->head[to] = (uint32_t)g->narcs++;
}

static int64_t key(const struct graph *g, uint32_t v)
{
	return g->dist[v];
}

static void heap_swap(struct graph *g, size_t i, size_t j)
{
	uint32_t t = g->heap[i];

	g->heap[i] = g->heap[j];
	g->heap[j] = t;
	g->where[g->heap[i]] = (uint32_t)i + 1;
	g->where[g->heap[j]] = (uint32_t)j + 1;
}

static void heap_up(struct graph *g, size_t i)
{
	while (i > 0 && key(g, g->heap[(i - 1) / 2]) > key(g, g->heap[i])) {
		heap_swap(g, i, (i - 1) / 2);
		i = (i - 1) / 2;
	}
}

static void heap_push_or_lower(struct graph *g, uint32_t v)
{
	if (!g->where[v]) {
		g->heap[g->nheap] = v;
		g->where[v] = (uint32_t)++g->nheap;
	}
	heap_up(g, g->where[v] - 1);
}

static uint32_t heap_pop(struct graph *g)
{
	uint32_t top = g->heap[0];
	size_t i = 0;

	heap_swap(g, 0, --g->nheap);
	g->where[top] = 0;
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;

		if (l < g->nheap && key(g, g->heap[l]) < key(g, g->heap[m]))
			m = l;
		if (r < g->nheap && key(g, g->heap[r]) < key(g, g->heap[m]))
			m = r;
		if (m == i)
			break;
		heap_swap(g, i, m);
		i = m;
	}
	return top;
}

/* Shortest reduced distances from src over arcs with capacity, skipping
 * arc `banned`; stops once `stop` is settled (NONE: all). Returns the arcs
 * looked at. */
static uint64_t dijkstra(struct graph *g, uint32_t src, uint32_t stop, uint32_t banned)
{
	uint64_t work = 0;

	for (size_t v = 0; v < g->nnodes; v++) {
		g->dist[v] = INF;
		g->prev[v] = NONE;
		g->where[v] = 0;
	}
	g->nheap = 0;
	g->dist[src] = 0;
	heap_push_or_lower(g, src);
	while (g->nheap) {
		uint32_t u = heap_pop(g);

		if (u == stop)
			break;
		for (uint32_t k = g->head[u]; k != NONE; k = g->arcs[k].next) {
			const struct arc *a = &g->arcs[k];
			int64_t d;

			work++;
			if (a->cap <= 0 || k == banned)
				continue;
			d = g->dist[u] + a->cost + g->pot[u] - g->pot[a->to];
			if (d < g->dist[a->to]) {
				g->dist[a->to] = d;
				g->prev[a->to] = k;
				heap_push_or_lower(g, a->to);
			}
		}
	}
	return work;
}

static void graph_release(struct graph *g)
{
	free(g->arcs);
	free(g->head);
	free(g->pot);
	free(g->dist);
	free(g->prev);
	free(g->heap);
	free(g->where);
}

static int graph_init(struct graph *g, size_t nleft, size_t nright, size_t npairs)
{
	memset(g, 0, sizeof(*g));
	g->nnodes = 2 + nleft + nright;
	g->arcs = malloc(2 * (nleft + nright + npairs) * sizeof(*g->arcs));
	g->head = malloc(g->nnodes * sizeof(*g->head));
	g->pot = calloc(g->nnodes, sizeof(*g->pot));
	g->dist = malloc(g->nnodes * sizeof(*g->dist));
	g->prev = malloc(g->nnodes * sizeof(*g->prev));
	g->heap = malloc(g->nnodes * sizeof(*g->heap));
	g->where = malloc(g->nnodes * sizeof(*g->where));
	if (!g->arcs || !g->head || !g->pot || !g->dist || !g->prev || !g->heap || !g->where) {
		graph_release(g);
		return -1;
	}
	memset(g->head, 0xff, g->nnodes * sizeof(*g->head));
	return 0;
}

int assign_solve(size_t nleft, size_t nright, const struct assign_pair *pairs, size_t npairs,
		 unsigned char *chosen, int64_t *margin)
{
	struct graph g;
	uint32_t *pair_arc;
	uint64_t work = 0;

	memset(chosen, 0, npairs);
	if (npairs == 0)
		return 0;
	if (graph_init(&g, nleft, nright, npairs) < 0)
		return -1;
	pair_arc = malloc(npairs * sizeof(*pair_arc));
	if (!pair_arc) {
		graph_release(&g);
		return -1;
	}
	for (size_t i = 0; i < nleft; i++)
		add_arc(&g, 0, (uint32_t)(2 + i), 0);
	for (size_t j = 0; j < nright; j++)
		add_arc(&g, (uint32_t)(2 + nleft + j), 1, 0);
	for (size_t k = 0; k < npairs; k++) {
		pair_arc[k] = (uint32_t)g.narcs;
		add_arc(&g, (uint32_t)(2 + pairs[k].left), (uint32_t)(2 + nleft + pairs[k].right),
			pairs[k].cost);
	}
	/* augment one pair at a time along the cheapest path */
	for (;;) {
		int64_t dt;

		dijkstra(&g, 0, NONE, NONE);
		if (g.dist[1] == INF)
			break;
		dt = g.dist[1];
		for (size_t v = 0; v < g.nnodes; v++)
			g.pot[v] += g.dist[v] < dt ? g.dist[v] : dt;
		for (uint32_t v = 1; v != 0;) {
			uint32_t k = g.prev[v];

			g.arcs[k].cap--;
			g.arcs[k ^ 1].cap++;
			v = g.arcs[k ^ 1].to;
		}
	}
	for (size_t k = 0; k < npairs; k++)
		chosen[k] = g.arcs[pair_arc[k]].cap == 0;
	for (size_t k = 0; margin && k < npairs; k++) {
		uint32_t l = (uint32_t)(2 + pairs[k].left);
		uint32_t r = (uint32_t)(2 + nleft + pairs[k].right);

		if (!chosen[k]) {
			margin[k] = 0;
			continue;
		}
		if (work > MARGIN_WORK_MAX) {
			margin[k] = -1;
			continue;
		}
		/* the way back from r to l is this pair's own residual twin */
		work += dijkstra(&g, l, r, pair_arc[k] ^ 1);
		if (g.dist[r] == INF)
			margin[k] = ASSIGN_FORCED;
		else
			margin[k] = g.dist[r] - g.pot[l] + g.pot[r] - pairs[k].cost;
	}
	free(pair_arc);
	graph_release(&g);
	return 0;
}

import { useMemo } from 'react'
import { Background, Controls, Position, ReactFlow, type Edge, type Node } from '@xyflow/react'
import '@xyflow/react/dist/style.css'
import { classLabels, relLabels, type Impact } from '../../../api/assets'

/** The most CIs drawn: a larger impact is listed, and drawn to this many nearest ones. */
const MAX_DRAWN = 150

/** ImpactGraph draws the CI and what depends on it, one column per distance. Everything is
 * bundled (React Flow), nothing loads from elsewhere. */
export function ImpactGraph({ impact, onOpen }: { impact: Impact; onOpen: (id: string) => void }) {
  const { nodes, edges, cut } = useMemo(() => {
    const all = [impact.root, ...impact.nodes]
    const drawn = all.slice(0, MAX_DRAWN)
    const shown = new Set(drawn.map((n) => n.id))
    const row = new Map<number, number>()
    const nodes: Node[] = drawn.map((n) => {
      const y = row.get(n.depth) ?? 0
      row.set(n.depth, y + 1)
      return {
        id: n.id,
        position: { x: n.depth * 240, y: y * 70 },
        // Columns run left to right, so edges leave a node's right side and enter the left.
        sourcePosition: Position.Right,
        targetPosition: Position.Left,
        data: { label: `${n.tag} ${n.name}` },
        className: `impact-node c-${n.class}${n.id === impact.root.id ? ' root' : ''}`,
        ariaLabel: `${classLabels[n.class] ?? n.class} ${n.tag} ${n.name}`,
        connectable: false,
      }
    })
    const edges: Edge[] = impact.edges
      .filter((e) => shown.has(e.from) && shown.has(e.to))
      .map((e) => ({ id: `${e.from}-${e.type}-${e.to}`, source: e.to, target: e.from, label: relLabels[e.type] ?? e.type }))
    return { nodes, edges, cut: all.length - drawn.length }
  }, [impact])
  return (
    <div className="impact-graph" data-testid="impact-graph">
      <ReactFlow
        nodes={nodes}
        edges={edges}
        fitView
        // A small impact is not blown up to fill the frame; the frame keeps a margin.
        fitViewOptions={{ maxZoom: 1, padding: 0.25 }}
        nodesDraggable={false}
        nodesConnectable={false}
        onNodeClick={(_, n) => n.id !== impact.root.id && onOpen(n.id)}
        proOptions={{ hideAttribution: true }}
      >
        <Background />
        <Controls showInteractive={false} />
      </ReactFlow>
      {cut > 0 && <p className="muted small">{cut.toLocaleString()} more CIs are listed but not drawn.</p>}
    </div>
  )
}

// The ownership graph drawn by Cytoscape.js with the dagre layout: companies and
// individuals as nodes, relations as edges labelled with the ownership percentage (or the
// role), beneficial owners highlighted. The container carries the counts (data-node-count,
// data-edge-count) and a table beside it says the same in words for screen readers.
import { useEffect, useRef } from 'react';
import cytoscape from 'cytoscape';
import dagre from 'cytoscape-dagre';
import type { ConsoleCaseQuery } from './gql/graphql';
import { label, percent } from './format';

cytoscape.use(dagre);

type Case = ConsoleCaseQuery['case'];

function edgeLabel(r: Case['relations'][number]): string {
  const own = percent(r.ownershipPercentage);
  if (own) return own;
  if (r.position) return r.position;
  return r.roles.map(label).join(', ');
}

export function OwnershipGraph({ data }: { data: Case }) {
  const box = useRef<HTMLDivElement>(null);
  const names = new Map<string, string>();
  for (const c of data.companies) names.set(c.id, c.name);
  for (const i of data.individuals) names.set(i.id, `${i.firstName} ${i.lastName}`);
  const edges = data.relations.filter(
    (r) => names.has(r.toCompanyId) && names.has(r.fromCompanyId ?? r.fromIndividualId ?? ''),
  );
  const nodeCount = data.companies.length + data.individuals.length;

  useEffect(() => {
    if (!box.current) return;
    const cy = cytoscape({
      container: box.current,
      elements: [
        ...data.companies.map((c) => ({
          data: { id: c.id, label: c.country ? `${c.name}\n${c.country}` : c.name },
          classes: c.isMain ? 'company main' : 'company',
        })),
        ...data.individuals.map((i) => ({
          data: {
            id: i.id,
            label: `${i.firstName} ${i.lastName}${i.isBeneficialOwner ? '\nBeneficial owner' : ''}`,
          },
          classes: i.isBeneficialOwner ? 'individual ubo' : 'individual',
        })),
        ...edges.map((r) => ({
          data: {
            id: r.id,
            source: (r.fromCompanyId ?? r.fromIndividualId) as string,
            target: r.toCompanyId,
            label: edgeLabel(r),
          },
        })),
      ],
      style: [
        {
          selector: 'node',
          style: {
            label: 'data(label)',
            'text-wrap': 'wrap',
            'text-max-width': '150px',
            'text-valign': 'center',
            'text-halign': 'center',
            'font-size': 11,
            'font-family': 'system-ui, sans-serif',
            color: '#1b2330',
            width: 160,
            height: 48,
            'border-width': 1,
            'border-color': '#7b8798',
          },
        },
        {
          selector: '.company',
          style: { shape: 'round-rectangle', 'background-color': '#dbe7f7' },
        },
        { selector: '.main', style: { 'border-width': 2, 'border-color': '#2456a6', 'font-weight': 'bold' } },
        {
          selector: '.individual',
          style: { shape: 'ellipse', 'background-color': '#eef1f4', width: 150 },
        },
        {
          selector: '.ubo',
          style: { 'background-color': '#fde9b8', 'border-width': 3, 'border-color': '#b7791f' },
        },
        {
          selector: 'edge',
          style: {
            label: 'data(label)',
            'font-size': 11,
            'font-family': 'system-ui, sans-serif',
            'text-background-color': '#ffffff',
            'text-background-opacity': 1,
            'text-background-padding': '2px',
            width: 1.5,
            'line-color': '#7b8798',
            'target-arrow-color': '#7b8798',
            'target-arrow-shape': 'triangle',
            'curve-style': 'bezier',
          },
        },
      ],
      layout: { name: 'dagre', rankDir: 'TB', nodeSep: 30, rankSep: 70 } as cytoscape.LayoutOptions,
      userZoomingEnabled: true,
      boxSelectionEnabled: false,
      minZoom: 0.3,
      maxZoom: 2,
    });
    cy.fit(undefined, 20);
    if (cy.zoom() > 1.2) {
      cy.zoom(1.2);
      cy.center();
    }
    const onResize = () => cy.fit(undefined, 20);
    window.addEventListener('resize', onResize);
    return () => {
      window.removeEventListener('resize', onResize);
      cy.destroy();
    };
  }, [data]);

  return (
    <figure className="graph">
      <div
        ref={box}
        className="graph-canvas"
        data-testid="ownership-graph"
        data-node-count={nodeCount}
        data-edge-count={edges.length}
        role="img"
        aria-label={`Ownership graph: ${nodeCount} companies and people, ${edges.length} relations`}
      />
      <figcaption>
        <span className="legend company">Company</span>
        <span className="legend individual">Individual</span>
        <span className="legend ubo">Beneficial owner</span>
        <span className="muted">Edges: owner → owned, with the ownership percentage.</span>
      </figcaption>
      <details>
        <summary>The relations as a table</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">From</th>
              <th scope="col">To</th>
              <th scope="col">Ownership</th>
              <th scope="col">Voting rights</th>
              <th scope="col">Role</th>
            </tr>
          </thead>
          <tbody>
            {edges.map((r) => (
              <tr key={r.id}>
                <td>{names.get((r.fromCompanyId ?? r.fromIndividualId) as string)}</td>
                <td>{names.get(r.toCompanyId)}</td>
                <td>{percent(r.ownershipPercentage) || '—'}</td>
                <td>{percent(r.votingRightsPercentage) || '—'}</td>
                <td>{[r.position, ...r.roles.map(label)].filter(Boolean).join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

{#- Connected components by smallest-label propagation: every node starts with itself as label and
    takes the smallest label of its neighbours until nothing changes. USING KEY keeps one row per
    node, so the work is (edges x graph diameter) instead of the (component size)^2 rows of a
    full transitive closure. `nodes` (column node) and `edges` (src, dst, both directions) name
    relations or CTEs of the calling query. -#}
{% macro connected_components(nodes, edges) -%}
(
    with recursive component(node, label) using key (node) as (
        select node, node from {{ nodes }}
        union
        select e.dst, min(c.label)
        from component as c
        inner join {{ edges }} as e on e.src = c.node
        inner join recurring.component as r on r.node = e.dst
        group by e.dst
        having min(c.label) < min(r.label)
    )
    select node, label from component
)
{%- endmacro %}

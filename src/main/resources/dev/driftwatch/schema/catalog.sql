WITH ns AS (SELECT oid, nspname FROM pg_namespace WHERE nspname = ANY ($1::text[])),
roles AS (SELECT oid, rolname FROM pg_roles WHERE rolname = ANY ($2::text[]) UNION ALL SELECT 0, 'public'),
rel AS (SELECT c.oid, ns.nspname, c.relname, c.relrowsecurity, c.relforcerowsecurity
        FROM pg_class c JOIN ns ON ns.oid = c.relnamespace WHERE c.relkind IN ('r', 'p')),
fn AS (SELECT p.oid, ns.nspname, p.proname, pg_get_function_identity_arguments(p.oid) AS args,
              coalesce(p.proacl, acldefault('f'::"char", p.proowner)) AS proacl
       FROM pg_proc p JOIN ns ON ns.oid = p.pronamespace
       WHERE p.prokind IN ('f', 'p')
         AND NOT EXISTS (SELECT 1 FROM pg_depend dep WHERE dep.classid = 'pg_proc'::regclass
                         AND dep.objid = p.oid AND dep.deptype = 'e')),
acl AS (SELECT CASE c.relkind WHEN 'S' THEN 'sequence' WHEN 'v' THEN 'view' WHEN 'm' THEN 'view' ELSE 'table' END AS kind,
               ns.nspname || '.' || c.relname AS name,
               coalesce(c.relacl, acldefault((CASE c.relkind WHEN 'S' THEN 's' ELSE 'r' END)::"char", c.relowner)) AS acl
        FROM pg_class c JOIN ns ON ns.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S')
        UNION ALL
        SELECT 'function', fn.nspname || '.' || fn.proname || '(' || fn.args || ')', fn.proacl FROM fn)
SELECT json_build_object(
  'tables', (SELECT coalesce(json_agg(json_build_array(nspname, relname, relrowsecurity, relforcerowsecurity)), '[]') FROM rel),
  'columns', (SELECT coalesce(json_agg(json_build_array(r.nspname, r.relname, a.attname,
                     format_type(a.atttypid, a.atttypmod), NOT a.attnotnull, pg_get_expr(d.adbin, d.adrelid))), '[]')
              FROM rel r JOIN pg_attribute a ON a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped
              LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum),
  'primaryKeys', (SELECT coalesce(json_agg(json_build_array(r.nspname, r.relname,
                     (SELECT json_agg(a.attname ORDER BY k.ord) FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
                      JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum))), '[]')
                  FROM rel r JOIN pg_constraint con ON con.conrelid = r.oid AND con.contype = 'p'),
  'constraints', (SELECT coalesce(json_agg(json_build_array(r.nspname, r.relname, con.conname, con.contype,
                     pg_get_constraintdef(con.oid), con.convalidated)), '[]')
                  FROM rel r JOIN pg_constraint con ON con.conrelid = r.oid AND con.contype IN ('c', 'f', 'u', 'x')),
  'indexes', (SELECT coalesce(json_agg(json_build_array(r.nspname, r.relname, ic.relname, pg_get_indexdef(i.indexrelid))), '[]')
              FROM rel r JOIN pg_index i ON i.indrelid = r.oid JOIN pg_class ic ON ic.oid = i.indexrelid),
  'triggers', (SELECT coalesce(json_agg(json_build_array(r.nspname, r.relname, t.tgname, pg_get_triggerdef(t.oid), t.tgenabled)), '[]')
               FROM rel r JOIN pg_trigger t ON t.tgrelid = r.oid AND NOT t.tgisinternal),
  'policies', (SELECT coalesce(json_agg(json_build_array(r.nspname, r.relname, p.polname, p.polcmd, p.polpermissive,
                     (SELECT coalesce(json_agg(CASE WHEN ro = 0 THEN 'public' ELSE pg_get_userbyid(ro) END), '[]') FROM unnest(p.polroles) AS ro),
                     pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid))), '[]')
               FROM rel r JOIN pg_policy p ON p.polrelid = r.oid),
  'views', (SELECT coalesce(json_agg(json_build_array(ns.nspname, c.relname, c.relkind = 'm', pg_get_viewdef(c.oid),
                  coalesce((SELECT lower(o.option_value) IN ('true', 'on', 'yes', '1') FROM pg_options_to_table(c.reloptions) o
                            WHERE o.option_name = 'security_invoker'), false))), '[]')
            FROM pg_class c JOIN ns ON ns.oid = c.relnamespace WHERE c.relkind IN ('v', 'm')),
  'sequences', (SELECT coalesce(json_agg(json_build_array(ns.nspname, c.relname, format_type(s.seqtypid, NULL),
                      s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcycle)), '[]')
                FROM pg_class c JOIN ns ON ns.oid = c.relnamespace JOIN pg_sequence s ON s.seqrelid = c.oid),
  'functions', (SELECT coalesce(json_agg(json_build_array(fn.nspname, fn.proname, fn.args,
                     pg_get_function_result(p.oid), l.lanname, p.prosecdef, md5(p.prosrc), p.provolatile, p.proisstrict,
                     coalesce(to_json(p.proconfig), '[]'), pg_get_functiondef(p.oid))), '[]')
                FROM fn JOIN pg_proc p ON p.oid = fn.oid JOIN pg_language l ON l.oid = p.prolang),
  'enums', (SELECT coalesce(json_agg(json_build_array(ns.nspname, t.typname,
                   (SELECT json_agg(e.enumlabel ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid))), '[]')
            FROM pg_type t JOIN ns ON ns.oid = t.typnamespace WHERE t.typtype = 'e'),
  'extensions', (SELECT coalesce(json_agg(json_build_array(e.extname, n.nspname, e.extversion)), '[]')
                 FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace),
  'grants', (SELECT coalesce(json_agg(json_build_array(g.kind, g.name, g.grantee, g.privileges)), '[]')
             FROM (SELECT acl.kind, acl.name, r.rolname AS grantee, json_agg(DISTINCT x.privilege_type) AS privileges
                   FROM acl, aclexplode(acl.acl) x JOIN roles r ON r.oid = x.grantee
                   GROUP BY acl.kind, acl.name, r.rolname) g),
  'defaultPrivileges', (SELECT coalesce(json_agg(json_build_array(g.owner, g.schema, g.objtype, g.grantee, g.privileges)), '[]')
                        FROM (SELECT pg_get_userbyid(d.defaclrole) AS owner, n.nspname AS schema, d.defaclobjtype AS objtype,
                                     r.rolname AS grantee, json_agg(DISTINCT x.privilege_type) AS privileges
                              FROM pg_default_acl d LEFT JOIN pg_namespace n ON n.oid = d.defaclnamespace,
                                   aclexplode(d.defaclacl) x JOIN roles r ON r.oid = x.grantee
                              WHERE d.defaclnamespace = 0 OR d.defaclnamespace IN (SELECT oid FROM ns)
                              GROUP BY 1, 2, 3, 4) g)
)::text

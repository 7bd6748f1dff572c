# Hardening against hostile traffic (issue 21): unambiguous identities, lists, revoked staff.
grant-ambiguous-username = More than one user has been seen as @{ $name }, so I won't guess. Please use their numeric id (they can find it by sending /start to @userinfobot).
grant-stale-username = @{ $name } was last seen on { $seen }, which is too long ago to be sure it is still theirs. Please use their numeric id.
grant-stale-username-never = I haven't seen @{ $name } recently enough to be sure it is still theirs. Please use their numeric id.

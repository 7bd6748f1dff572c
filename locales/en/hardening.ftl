# Hardening against hostile traffic (issue 21): unambiguous identities, lists, revoked staff.
grant-ambiguous-username = More than one user has been seen as @{ $name }, so I won't guess. Please use their numeric id (they can find it by sending /start to @userinfobot).
grant-stale-username = @{ $name } was last seen on { $seen }, which is too long ago to be sure it is still theirs. Please use their numeric id.
grant-stale-username-never = I haven't seen @{ $name } recently enough to be sure it is still theirs. Please use their numeric id.
list-more = …and { $more } more { $more ->
    [one] sale
   *[other] sales
}. Name one (e.g. "how much is the …") to see it.
staff-no-longer-merchant = You are no longer a merchant, so you can't manage sale #{ $sale } any more. Ask an admin if this is a mistake.

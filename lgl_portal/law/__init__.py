"""Legal time, computed in one place.

`lagstadgad_tid` implements Lag (1930:173) om beräkning av lagstadgad tid; `kommunallagen` the periods of
Kommunallagen (2017:725) that the portal shows (justering, anslag, laglighetsprövning, laga kraft); `deadlines`
the plain due-date states (upcoming, remind, due today, late) that reminders and lists share. Every web page,
PDF, API field, task and test that shows a deadline asks these modules; nothing else adds days to a date.
"""

import { Form, Link, NavLink, useLocation } from '@remix-run/react'
import { type ReactNode, useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { type Role, roleHasPermission } from '~/domain/auth/roles'
import { isSearchShortcut } from '~/domain/search/global-search'
import { type Locale } from '~/i18n/i18n'

type ShellUser = { name: string; role: Role; mustChangePassword: boolean; unread: number }

const NAV = [
	{ to: '/chains', key: 'nav.chains' },
	{ to: '/leads', key: 'nav.leads' },
	{ to: '/companies', key: 'nav.companies' },
	{ to: '/projects', key: 'nav.projects' },
	{ to: '/calendar', key: 'nav.calendar' },
	{ to: '/quotas', key: 'nav.quotas' },
	{ to: '/reports', key: 'nav.reports' },
	{ to: '/data', key: 'nav.data' },
] as const

export function AppShell({ user, locale, children }: { user: ShellUser | null; locale: Locale; children: ReactNode }) {
	const { t } = useTranslation()
	const location = useLocation()
	const returnTo = `${location.pathname}${location.search}`
	const hasNav = user !== null && !user.mustChangePassword
	// On a phone the nav and the header's tools fold behind a menu button (CSS shows it
	// below 40rem); any navigation closes the menu again.
	const [menuOpen, setMenuOpen] = useState(false)
	useEffect(() => setMenuOpen(false), [location.key])
	const open = menuOpen || undefined
	// `/` typed outside a field focuses the search box (opening the menu first on a phone, where it folds).
	const searchBox = useRef<HTMLInputElement>(null)
	const [focusRequest, setFocusRequest] = useState(0)
	useEffect(() => {
		if (!hasNav) return
		const onKey = (event: KeyboardEvent) => {
			if (!isSearchShortcut(event, event.target instanceof HTMLElement ? event.target : null)) return
			event.preventDefault()
			setMenuOpen(true)
			setFocusRequest((n) => n + 1)
		}
		document.addEventListener('keydown', onKey)
		return () => document.removeEventListener('keydown', onKey)
	}, [hasNav])
	useEffect(() => {
		if (focusRequest > 0) searchBox.current?.focus()
	}, [focusRequest])
	// On the results page the box shows the words searched; elsewhere it starts empty.
	const searched = location.pathname === '/search' ? (new URLSearchParams(location.search).get('q') ?? '') : ''
	return (
		<>
			<a className="skip-link" href="#main">
				{t('app.skipToContent')}
			</a>
			<header className={hasNav ? 'app-header has-menu' : 'app-header'} data-menu-open={open}>
				<Link to="/" className="brand">
					<span className="brand-name">{t('app.name')}</span>
					<span className="brand-tagline">{t('app.tagline')}</span>
				</Link>
				{hasNav ? (
					<button
						type="button"
						className="menu-button"
						aria-expanded={menuOpen}
						aria-controls="header-search app-nav header-tools"
						onClick={() => setMenuOpen((was) => !was)}
						data-testid="menu-button"
					>
						<span aria-hidden="true" className="menu-icon">
							{menuOpen ? '✕' : '☰'}
						</span>{' '}
						{t('nav.menu')}
						{/* The bell folds into the menu on a phone: its count shows on the button. */}
						{user.unread > 0 ? (
							<>
								<span className="menu-count" aria-hidden="true">
									{user.unread > 99 ? '99+' : user.unread}
								</span>
								<span className="visually-hidden">{t('notify.bell.unread', { count: user.unread })}</span>
							</>
						) : null}
					</button>
				) : null}
				{hasNav ? (
					<Form method="get" action="/search" className="header-search" id="header-search" role="search" aria-label={t('search.label')}>
						<input
							ref={searchBox}
							key={searched}
							type="search"
							name="q"
							defaultValue={searched}
							maxLength={100}
							aria-label={t('search.label')}
							aria-keyshortcuts="/"
							title={t('search.shortcutHint')}
							placeholder={t('search.placeholder')}
							data-testid="header-search"
						/>
						<button type="submit">{t('search.submit')}</button>
					</Form>
				) : null}
				<div className="header-tools" id="header-tools">
					<Form method="post" action="/set-language" className="inline-form">
						<input type="hidden" name="returnTo" value={returnTo} />
						<input type="hidden" name="locale" value={locale === 'en' ? 'zh-CN' : 'en'} />
						<button type="submit" className="button-link" data-testid="switch-language" lang={locale === 'en' ? 'zh-CN' : 'en'} title={t('lang.label')}>
							{t('lang.switchTo')}
						</button>
					</Form>
					{user ? (
						<>
							{user.mustChangePassword ? null : <NotificationBell unread={user.unread} />}
							{user.mustChangePassword ? (
								<span className="user-badge">{t('auth.signedInAs', { name: user.name, role: t(`roles.${user.role}`) })}</span>
							) : (
								<Link to="/account" className="user-badge" title={t('auth.myAccount')}>
									{t('auth.signedInAs', { name: user.name, role: t(`roles.${user.role}`) })}
								</Link>
							)}
							<Form method="post" action="/logout" className="inline-form">
								<button type="submit" className="button-link">
									{t('auth.logout')}
								</button>
							</Form>
						</>
					) : null}
				</div>
			</header>
			{/* Until a reset password is replaced, the change-password page is the only one open. */}
			{hasNav ? (
				<nav className="app-nav" id="app-nav" aria-label={t('nav.mainNav')} data-menu-open={open}>
					<NavLink to="/" end>
						{t('nav.home')}
					</NavLink>
					{NAV.map((item) => (
						<NavLink key={item.to} to={item.to}>
							{t(item.key)}
						</NavLink>
					))}
					{roleHasPermission(user.role, 'read:audit') ? <NavLink to="/audit">{t('nav.audit')}</NavLink> : null}
					{roleHasPermission(user.role, 'manage:users') ? <NavLink to="/admin/users">{t('nav.users')}</NavLink> : null}
					{roleHasPermission(user.role, 'manage:notify') ? <NavLink to="/admin/channels">{t('nav.channels')}</NavLink> : null}
				</nav>
			) : null}
			<main id="main" className="app-main">
				{children}
			</main>
		</>
	)
}

/** The header's bell: the unread count, opening the notification centre (ADR 0038). */
function NotificationBell({ unread }: { unread: number }) {
	const { t } = useTranslation()
	// The name is the visible word plus the count in words, hidden from sight (the badge's digits are hidden from screen readers).
	return (
		<Link
			to="/notifications"
			className="notification-bell"
			title={unread > 0 ? t('notify.bell.unread', { count: unread }) : undefined}
			data-testid="notification-bell"
			data-unread={unread}
		>
			<svg
				aria-hidden="true"
				className="bell-icon"
				viewBox="0 0 24 24"
				width="18"
				height="18"
				fill="none"
				stroke="currentColor"
				strokeWidth="2"
				strokeLinecap="round"
				strokeLinejoin="round"
			>
				<path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
				<path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
			</svg>
			<span className="bell-text">{t('notify.bell.label')}</span>
			{unread > 0 ? (
				<>
					<span className="bell-count" aria-hidden="true" data-testid="notification-count">
						{unread > 99 ? '99+' : unread}
					</span>
					<span className="visually-hidden">{t('notify.bell.unreadSuffix', { count: unread })}</span>
				</>
			) : null}
		</Link>
	)
}
